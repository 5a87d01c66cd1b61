namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The latched kill switch: once active it stays active, across restarts and deployments,
/// until a person deactivates it. <see cref="ChangedAt"/>, <see cref="ChangedBy"/> and
/// <see cref="Reason"/> describe the last transition; <see cref="Mode"/> what an active switch does.
/// </summary>
public sealed record KillSwitchState(bool Active, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason, KillSwitchMode Mode = KillSwitchMode.BlockEntries)
{
    public static KillSwitchState Armed { get; } = new(false, null, null, null);
}
