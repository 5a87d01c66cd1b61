using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One order to execute with the write-ahead protocol, whatever its kind: the intent to commit first (the position
/// row, the state with any reservation, the audit text), what to send once, and the market a fill is booked against.
/// </summary>
public sealed record OrderPlan(Position Intent, RiskState IntentState, string IntentMessage, PlannedOrder Order, BookingMarket Market)
{
    public AuditKind IntentKind => Order switch
    {
        PlannedOrder.Oco => AuditKind.ProtectionIntent,
        PlannedOrder.OneOrder { Side: OrderSide.Buy } or PlannedOrder.Opoco => AuditKind.EntryIntent,
        _ => AuditKind.ExitIntent,
    };
}

/// <summary>
/// What a plan sends: one order, a protective SELL OCO list, or an entry with its protection in one OPOCO list. Each
/// carries the client id it is found by (an OPOCO's is its working order's: the entry).
/// </summary>
public abstract record PlannedOrder(string ClientId)
{
    /// <summary>A MARKET order, or with <paramref name="LimitPrice"/> a LIMIT IOC order that pays no more (sells for no less).</summary>
    public sealed record OneOrder(OrderSide Side, decimal Quantity, string ClientOrderId, decimal? LimitPrice = null) : PlannedOrder(ClientOrderId);

    /// <summary>A BUY LIMIT IOC entry with the position's OCO pending on it.</summary>
    public sealed record Opoco(OpocoRequest Request) : PlannedOrder(Request.WorkingClientOrderId);

    /// <param name="Request">The list with its list and leg client ids.</param>
    /// <param name="Supersedes">The previous attempt's list id when that one was declared never placed: looked up once more before this one is sent.</param>
    public sealed record Oco(OcoRequest Request, string? Supersedes) : PlannedOrder(Request.ListClientOrderId);
}
