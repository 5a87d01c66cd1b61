using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One order to execute with the write-ahead protocol: the intent (position row, the state with its
/// reservation, the audit record) to commit first, the MARKET order to send once, and the market the
/// fill will be booked against.
/// </summary>
public sealed record OrderPlan(Position Intent, RiskState IntentState, AuditRecord IntentAudit, OrderSide Side, decimal Quantity, BookingMarket Market)
{
    public bool IsEntry => Side == OrderSide.Buy;

    public string ClientOrderId => IsEntry ? Intent.EntryClientOrderId : Intent.ExitClientOrderId!;
}
