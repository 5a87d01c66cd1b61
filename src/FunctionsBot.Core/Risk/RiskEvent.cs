namespace FunctionsBot.Core.Risk;

/// <summary>Something that moves the account's risk state: the latch, the cool-down, the breaker, the trading day.</summary>
public abstract record RiskEvent(DateTimeOffset At)
{
    /// <summary>The first cycle of a UTC day: the day's realized result starts at zero.</summary>
    public sealed record DayStarted(DateTimeOffset At) : RiskEvent(At);

    /// <summary>A booking's result for the day: realized PnL, less any cost written off (negative is a loss).</summary>
    public sealed record ResultBooked(decimal Result, DateTimeOffset At) : RiskEvent(At);

    /// <summary>An order or a protective leg filled: the exchange works, the breaker closes.</summary>
    public sealed record OrderFilled(DateTimeOffset At) : RiskEvent(At);

    /// <summary>An exchange call failed as an outage (not a refusal of the request).</summary>
    public sealed record ExchangeOutage(string Message, DateTimeOffset At) : RiskEvent(At);
}
