using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.KillSwitch;

/// <summary>The kill switch after a request, and whether the request changed it.</summary>
public sealed record KillSwitchChange(KillSwitchState State, bool Changed);
