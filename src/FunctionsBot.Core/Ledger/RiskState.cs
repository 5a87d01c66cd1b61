namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The account's one state row: the fence every change is written against (its version is the
/// storage ETag), the latched kill switch and the record of the last cycle.
/// </summary>
public sealed record RiskState
{
    public required string Account { get; init; }

    public KillSwitchState KillSwitch { get; init; } = KillSwitchState.Armed;

    public CycleRecord? LastCycle { get; init; }

    public DateTimeOffset? LastSuccessfulCycleAt { get; init; }

    public long CycleCount { get; init; }

    public static RiskState Initial(string account) => new() { Account = account };
}
