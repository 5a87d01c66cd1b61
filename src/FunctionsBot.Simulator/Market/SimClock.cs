namespace FunctionsBot.Simulator.Market;

/// <summary>
/// Two clocks: the server clock (real time plus an injectable skew) that request timestamps are
/// checked against, and the market clock (optionally faster than real time) that prices, klines and
/// fills follow.
/// </summary>
internal sealed class SimClock(TimeProvider time, double speed, DateTimeOffset? marketStart)
{
    private readonly DateTimeOffset _realStart = time.GetUtcNow();
    private readonly DateTimeOffset _marketStart = marketStart ?? time.GetUtcNow();

    public TimeSpan ServerSkew { get; set; }

    public double Speed => speed;

    public DateTimeOffset ServerNow => time.GetUtcNow() + ServerSkew;

    public DateTimeOffset MarketNow => _marketStart + ((time.GetUtcNow() - _realStart) * speed);

    public long ServerNowMs => ServerNow.ToUnixTimeMilliseconds();

    public long MarketNowMs => MarketNow.ToUnixTimeMilliseconds();
}
