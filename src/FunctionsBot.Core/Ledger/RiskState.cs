namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The account's one state row: the fence every change is written against (its version is the
/// storage ETag), the latched kill switch, reservations, the day's realized PnL, cool-down, the
/// circuit breaker, the audit chain head and the record of the last cycle.
/// </summary>
public sealed record RiskState
{
    public required string Account { get; init; }

    public KillSwitchState KillSwitch { get; init; } = KillSwitchState.Armed;

    public CycleRecord? LastCycle { get; init; }

    public DateTimeOffset? LastSuccessfulCycleAt { get; init; }

    public long CycleCount { get; init; }

    /// <summary>Cycles that failed since the last one that completed.</summary>
    public int FailedCyclesInARow { get; init; }

    /// <summary>Why the exchange keys could not be read, from the last signed call that needed them; null once a signed call succeeds.</summary>
    public string? CredentialsProblem { get; init; }

    /// <summary>The trading process's view of the exchange at the end of the last cycle (rate limit, last error, keys, filters).</summary>
    public Exchange.ExchangeStatus? Exchange { get; init; }

    /// <summary>Quote reserved by pending entry intents.</summary>
    public decimal ReservedQuote { get; init; }

    /// <summary>The last position sequence handed out; client order ids derive from it.</summary>
    public long PositionSequence { get; init; }

    /// <summary>The UTC day <see cref="DayRealizedPnl"/> counts.</summary>
    public DateOnly? TradingDay { get; init; }

    public decimal DayRealizedPnl { get; init; }

    /// <summary>No new entries before this time (after a losing trade).</summary>
    public DateTimeOffset? CooldownUntil { get; init; }

    public CircuitBreakerState Breaker { get; init; } = CircuitBreakerState.Closed;

    /// <summary>Hash of the newest chained audit record, and its sequence number.</summary>
    public string? AuditHead { get; init; }

    public long AuditSequence { get; init; }

    public static RiskState Initial(string account) => new() { Account = account };

    /// <summary>Today's realized PnL, zero once the UTC day has rolled.</summary>
    public decimal RealizedOn(DateOnly day) => TradingDay == day ? DayRealizedPnl : 0m;
}
