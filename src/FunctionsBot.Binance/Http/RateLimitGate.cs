using System.Globalization;

namespace FunctionsBot.Binance.Http;

/// <summary>
/// Process-wide view of the exchange's limits (they count per IP): the request weight of the current minute, paced to
/// stay under a budget; the order counts from the response headers; and a stop after 429/418 until <c>Retry-After</c>
/// has passed.
/// </summary>
internal sealed class RateLimitGate(TimeProvider time)
{
    private readonly Lock _weight = new();
    private long _blockedUntilTicks;
    private volatile int _blockedBy;
    private long _minute = -1;
    private int _spent;
    private long _reportedMinute = -1;
    private int _reported;

    /// <summary>The most weight the exchange reported used (<c>X-MBX-USED-WEIGHT-1M</c>) in the minute of the latest reply: a maximum over the replies, since concurrent replies arrive out of order.</summary>
    public int UsedWeight1M
    {
        get
        {
            lock (_weight)
            {
                return _reported;
            }
        }
    }

    /// <summary>How many times a read waited for the next minute (<see cref="Reserve"/>).</summary>
    public long Waits { get; private set; }

    public int OrderCount10S { get; private set; }

    public int OrderCount1D { get; private set; }

    public DateTimeOffset? BlockedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _blockedUntilTicks);
            return ticks > time.GetUtcNow().UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    /// <summary>The status (429 or 418) that asked for the back-off in force, or null when none is.</summary>
    public int? BlockedBy => BlockedUntil is null ? null : _blockedBy;

    /// <summary>
    /// Reserves <paramref name="weight"/> in the exchange's current minute (<paramref name="serverNow"/>: the exchange's clock)
    /// when the minute's weight, as reserved here or reported by the exchange, stays within <paramref name="budget"/>.
    /// Returns zero when reserved; otherwise how long to wait for the next minute, when the count starts again. The first
    /// request of a minute always goes, whatever its weight.
    /// </summary>
    public TimeSpan Reserve(int weight, int budget, DateTimeOffset serverNow)
    {
        var minute = serverNow.ToUnixTimeSeconds() / 60;
        lock (_weight)
        {
            if (minute != _minute)
            {
                _minute = minute;
                _spent = 0;
            }

            if (_spent > 0 && _spent + weight > budget)
            {
                Waits++;
                // A little past the boundary: the exchange's clock and ours differ by the offset's error.
                return DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60) - serverNow + TimeSpan.FromMilliseconds(250);
            }

            _spent += weight;
            return TimeSpan.Zero;
        }
    }

    public void Observe(HttpResponseMessage response, DateTimeOffset serverNow)
    {
        if (Header(response, "X-MBX-USED-WEIGHT-1M") is { } weight)
        {
            var minute = serverNow.ToUnixTimeSeconds() / 60;
            lock (_weight)
            {
                // Other processes behind the same IP spend weight too: the exchange's count wins when it is higher.
                if (minute == _minute)
                {
                    _spent = Math.Max(_spent, weight);
                }

                if (minute > _reportedMinute)
                {
                    (_reportedMinute, _reported) = (minute, weight);
                }
                else if (minute == _reportedMinute)
                {
                    _reported = Math.Max(_reported, weight);
                }
            }
        }

        if (Header(response, "X-MBX-ORDER-COUNT-10S") is { } tenSeconds)
        {
            OrderCount10S = tenSeconds;
        }

        if (Header(response, "X-MBX-ORDER-COUNT-1D") is { } day)
        {
            OrderCount1D = day;
        }
    }

    public void Block(TimeSpan retryAfter, int status)
    {
        var until = (time.GetUtcNow() + retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _blockedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _blockedUntilTicks, until, current) != current);
        _blockedBy = status;
    }

    private static int? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
