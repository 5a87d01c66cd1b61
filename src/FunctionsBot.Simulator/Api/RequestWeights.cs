namespace FunctionsBot.Simulator.Api;

/// <summary>Request weight used in the current real minute, per process (Binance counts per IP).</summary>
internal sealed class RequestWeights(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _minute;
    private int _used;
    private readonly Queue<DateTimeOffset> _orders10s = new();
    private int _ordersToday;

    private readonly Dictionary<string, (long Calls, long Weight)> _byEndpoint = new(StringComparer.Ordinal);

    /// <summary>Request weight used since start-up.</summary>
    public long Total { get; private set; }

    /// <summary>The most weight used in any one minute since start-up.</summary>
    public int PeakMinute { get; private set; }

    /// <summary>Requests answered 429 for too much weight since start-up.</summary>
    public int RateLimited => _rateLimited;

    private int _rateLimited;

    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>Calls and weight since start-up per endpoint (<c>GET /api/v3/openOrderList</c> …).</summary>
    public IReadOnlyDictionary<string, (long Calls, long Weight)> ByEndpoint
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, (long Calls, long Weight)>(_byEndpoint, StringComparer.Ordinal);
            }
        }
    }

    public int Add(int weight, string endpoint)
    {
        lock (_gate)
        {
            var (calls, total) = _byEndpoint.GetValueOrDefault(endpoint);
            _byEndpoint[endpoint] = (calls + 1, total + weight);
            var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
            if (minute != _minute)
            {
                _minute = minute;
                _used = 0;
            }

            _used += weight;
            Total += weight;
            PeakMinute = Math.Max(PeakMinute, _used);
            return _used;
        }
    }

    /// <summary>Weight charged after the call was counted (an order request that failed); returns the minute's total.</summary>
    public int Charge(int weight, string endpoint)
    {
        lock (_gate)
        {
            var (calls, total) = _byEndpoint.GetValueOrDefault(endpoint);
            _byEndpoint[endpoint] = (calls, total + weight);
            _used += weight;
            Total += weight;
            PeakMinute = Math.Max(PeakMinute, _used);
            return _used;
        }
    }

    public (int TenSeconds, int Day) CountOrder()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _orders10s.Enqueue(now);
            while (_orders10s.Peek() < now.AddSeconds(-10))
            {
                _orders10s.Dequeue();
            }

            return (_orders10s.Count, ++_ordersToday);
        }
    }
}
