namespace FunctionsBot.Core.Ledger;

public enum AuditKind
{
    CycleCompleted,
    CycleSkipped,
    CycleFailed,
    KillSwitchActivated,
    KillSwitchDeactivated,
    EntryIntent,
    ExitIntent,
    OrderFilled,
    OrderRejected,
    OrderUnknown,
    IntentRecovered,
    IntentFailed,
    IntentStillUnknown,
    RiskRefused,
    DayRolled,
    CooldownStarted,
    SymbolLocked,
    SymbolUnlocked,
    BreakerOpened,
    BreakerClosed,
    FlattenStep,
    DustWrittenOff,
}
