using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>The account's state row (RowKey <c>state</c>).</summary>
internal sealed class StateEntity : ITableEntity
{
    public const string Key = "state";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Key;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public bool KillSwitchActive { get; set; }

    public DateTimeOffset? KillSwitchChangedAt { get; set; }

    public string? KillSwitchChangedBy { get; set; }

    public string? KillSwitchReason { get; set; }

    public DateTimeOffset? LastCycleStartedAt { get; set; }

    public DateTimeOffset? LastCycleFinishedAt { get; set; }

    public string? LastCycleOutcome { get; set; }

    public DateTimeOffset? LastSuccessfulCycleAt { get; set; }

    public long CycleCount { get; set; }

    public static StateEntity From(RiskState state) => new()
    {
        PartitionKey = state.Account,
        KillSwitchActive = state.KillSwitch.Active,
        KillSwitchChangedAt = state.KillSwitch.ChangedAt,
        KillSwitchChangedBy = state.KillSwitch.ChangedBy,
        KillSwitchReason = state.KillSwitch.Reason,
        LastCycleStartedAt = state.LastCycle?.StartedAt,
        LastCycleFinishedAt = state.LastCycle?.FinishedAt,
        LastCycleOutcome = state.LastCycle?.Outcome.ToString(),
        LastSuccessfulCycleAt = state.LastSuccessfulCycleAt,
        CycleCount = state.CycleCount,
    };

    public RiskState ToState() => new()
    {
        Account = PartitionKey,
        KillSwitch = new KillSwitchState(KillSwitchActive, KillSwitchChangedAt, KillSwitchChangedBy, KillSwitchReason),
        LastCycle = LastCycleStartedAt is { } started && LastCycleFinishedAt is { } finished
            && Enum.TryParse<CycleOutcome>(LastCycleOutcome, out var outcome)
            ? new CycleRecord(started, finished, outcome)
            : null,
        LastSuccessfulCycleAt = LastSuccessfulCycleAt,
        CycleCount = CycleCount,
    };
}
