namespace FunctionsBot.Simulator.Market;

/// <summary>
/// Two clocks: the server clock (real time plus an injectable skew) that request timestamps are
/// checked against, and the market clock (optionally faster than real time) that prices, klines and
/// fills follow. The market clock's speed can change while it runs; it only jumps forward when told to (a replay's step) and never goes back.
/// </summary>
internal sealed class SimClock(TimeProvider time, double speed, DateTimeOffset? marketStart)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _realAnchor = time.GetUtcNow();
    private DateTimeOffset _marketAnchor = marketStart ?? time.GetUtcNow();
    private double _speed = speed;

    public TimeSpan ServerSkew { get; set; }

    public double Speed => _speed;

    public DateTimeOffset ServerNow => time.GetUtcNow() + ServerSkew;

    public DateTimeOffset MarketNow
    {
        get
        {
            lock (_gate)
            {
                return _marketAnchor + ((time.GetUtcNow() - _realAnchor) * _speed);
            }
        }
    }

    public long ServerNowMs => ServerNow.ToUnixTimeMilliseconds();

    public long MarketNowMs => MarketNow.ToUnixTimeMilliseconds();

    /// <summary>Moves the market clock forward to <paramref name="market"/> (a replay's step); it never goes back.</summary>
    public void AdvanceTo(DateTimeOffset market)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var current = _marketAnchor + ((now - _realAnchor) * _speed);
            if (market < current)
            {
                throw new ArgumentOutOfRangeException(nameof(market), market, $"the market clock is at {current:O} and never goes back");
            }

            (_marketAnchor, _realAnchor) = (market, now);
        }
    }

    /// <summary>From now on the market clock runs <paramref name="speed"/> times real time, continuing from where it is.</summary>
    public void SetSpeed(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _marketAnchor += (now - _realAnchor) * _speed;
            _realAnchor = now;
            _speed = speed;
        }
    }
}
