namespace FunctionsBot.Core.Risk;

public enum RiskRejectionCode
{
    KillSwitchActive,
    SymbolNotAllowed,
    SymbolLocked,
    Cooldown,
    DailyLossLimit,
    TradeTooLarge,
    LossAtStopTooLarge,
    MaxOpenPositions,
    FreeBalanceReserve,
    CircuitBreakerOpen,
    ExchangeFilter,
}
