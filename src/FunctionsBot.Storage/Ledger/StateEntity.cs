using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>The account's state row (RowKey <c>state</c>).</summary>
internal sealed class StateEntity : ITableEntity
{
    public const string Key = "state";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Key;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public bool KillSwitchActive { get; set; }

    public DateTimeOffset? KillSwitchChangedAt { get; set; }

    public string? KillSwitchChangedBy { get; set; }

    public string? KillSwitchReason { get; set; }

    public string? KillSwitchMode { get; set; }

    public DateTimeOffset? LastCycleStartedAt { get; set; }

    public DateTimeOffset? LastCycleFinishedAt { get; set; }

    public string? LastCycleOutcome { get; set; }

    public DateTimeOffset? LastSuccessfulCycleAt { get; set; }

    public long CycleCount { get; set; }

    public int FailedCyclesInARow { get; set; }

    public string? CredentialsProblem { get; set; }

    /// <summary>The cycle's <see cref="Core.Exchange.ExchangeStatus"/> as JSON.</summary>
    public string? ExchangeStatus { get; set; }

    public string? ReservedQuote { get; set; }

    public long PositionSequence { get; set; }

    public string? TradingDay { get; set; }

    public string? DayRealizedPnl { get; set; }

    public DateTimeOffset? CooldownUntil { get; set; }

    public int BreakerFailures { get; set; }

    public DateTimeOffset? BreakerOpenUntil { get; set; }

    public int BreakerTrips { get; set; }

    public string? AuditHead { get; set; }

    public long AuditSequence { get; set; }

    public static StateEntity From(RiskState state) => new()
    {
        PartitionKey = state.Account,
        KillSwitchActive = state.KillSwitch.Active,
        KillSwitchChangedAt = state.KillSwitch.ChangedAt,
        KillSwitchChangedBy = state.KillSwitch.ChangedBy,
        KillSwitchReason = state.KillSwitch.Reason,
        KillSwitchMode = state.KillSwitch.Mode.ToString(),
        LastCycleStartedAt = state.LastCycle?.StartedAt,
        LastCycleFinishedAt = state.LastCycle?.FinishedAt,
        LastCycleOutcome = state.LastCycle?.Outcome.ToString(),
        LastSuccessfulCycleAt = state.LastSuccessfulCycleAt,
        CycleCount = state.CycleCount,
        FailedCyclesInARow = state.FailedCyclesInARow,
        CredentialsProblem = state.CredentialsProblem,
        ExchangeStatus = state.Exchange is { } exchange ? JsonSerializer.Serialize(exchange, Json) : null,
        ReservedQuote = EntityValues.Text(state.ReservedQuote),
        PositionSequence = state.PositionSequence,
        TradingDay = EntityValues.Text(state.TradingDay),
        DayRealizedPnl = EntityValues.Text(state.DayRealizedPnl),
        CooldownUntil = state.CooldownUntil,
        BreakerFailures = state.Breaker.ConsecutiveFailures,
        BreakerOpenUntil = state.Breaker.OpenUntil,
        BreakerTrips = state.Breaker.Trips,
        AuditHead = state.AuditHead,
        AuditSequence = state.AuditSequence,
    };

    public RiskState ToState() => new()
    {
        Account = PartitionKey,
        KillSwitch = new KillSwitchState(
            KillSwitchActive,
            KillSwitchChangedAt,
            KillSwitchChangedBy,
            KillSwitchReason,
            Enum.TryParse<KillSwitchMode>(KillSwitchMode, out var mode) ? mode : Core.Ledger.KillSwitchMode.BlockEntries),
        LastCycle = LastCycleStartedAt is { } started && LastCycleFinishedAt is { } finished
            && Enum.TryParse<CycleOutcome>(LastCycleOutcome, out var outcome)
            ? new CycleRecord(started, finished, outcome)
            : null,
        LastSuccessfulCycleAt = LastSuccessfulCycleAt,
        CycleCount = CycleCount,
        FailedCyclesInARow = FailedCyclesInARow,
        CredentialsProblem = CredentialsProblem,
        Exchange = ReadExchangeStatus(ExchangeStatus),
        ReservedQuote = EntityValues.Decimal(ReservedQuote),
        PositionSequence = PositionSequence,
        TradingDay = EntityValues.Day(TradingDay),
        DayRealizedPnl = EntityValues.Decimal(DayRealizedPnl),
        CooldownUntil = CooldownUntil,
        Breaker = new CircuitBreakerState(BreakerFailures, BreakerOpenUntil, BreakerTrips),
        AuditHead = AuditHead,
        AuditSequence = AuditSequence,
    };

    /// <summary>The status is a diagnostic: an unreadable one is dropped (the next cycle writes it anew), never a failed load.</summary>
    private static Core.Exchange.ExchangeStatus? ReadExchangeStatus(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<Core.Exchange.ExchangeStatus>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
