namespace FunctionsBot.Binance.Orders;

/// <summary>Binance order statuses; a status the exchange adds later reads as <see cref="Unknown"/>.</summary>
public enum OrderStatus
{
    Unknown,
    New,
    PendingNew,
    PartiallyFilled,
    Filled,
    Canceled,
    PendingCancel,
    Rejected,
    Expired,
    ExpiredInMatch,
}
