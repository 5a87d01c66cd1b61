namespace FunctionsBot.Core.Ledger;

public enum AuditKind
{
    CycleCompleted,
    CycleSkipped,
    CycleFailed,
    KillSwitchActivated,
    KillSwitchDeactivated,
}
