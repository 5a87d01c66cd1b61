using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Functions.KillSwitch;

/// <summary>The kill switch as the API shows it.</summary>
internal sealed record KillSwitchResponse(bool Active, DateTimeOffset? Since, string? By, string? Reason, string Mode, bool? Changed)
{
    public static KillSwitchResponse From(KillSwitchState state, bool? changed) =>
        new(state.Active, state.ChangedAt, state.ChangedBy, state.Reason, state.Mode.ToString(), changed);
}
