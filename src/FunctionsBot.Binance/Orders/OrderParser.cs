using FunctionsBot.Binance.Http;

namespace FunctionsBot.Binance.Orders;

/// <summary>Reads order replies: ACK (ids only), RESULT, FULL (with fills), query and cancel replies.</summary>
internal static class OrderParser
{
    public static PlacedOrder Order(JsonFields o)
    {
        // An ACK reply has ids only: the order was accepted, its state is not known yet.
        var hasState = o.OptionalString("status") is not null;
        return new PlacedOrder(
            o.String("symbol"),
            o.Long("orderId"),
            o.OptionalString("origClientOrderId") ?? o.String("clientOrderId"),
            hasState ? Status(o.String("status")) : OrderStatus.New,
            o.OptionalString("side") ?? string.Empty,
            o.OptionalString("type") ?? string.Empty,
            o.OptionalDecimal("price") ?? 0m,
            o.OptionalDecimal("origQty") ?? 0m,
            o.OptionalDecimal("executedQty") ?? 0m,
            o.OptionalDecimal("cummulativeQuoteQty") ?? 0m,
            o.Element.TryGetProperty("transactTime", out _) ? o.Long("transactTime") : o.Element.TryGetProperty("time", out _) ? o.Long("time") : 0,
            o.Element.TryGetProperty("fills", out _)
                ? o.Array("fills").Select(f => new OrderFill(f.Decimal("price"), f.Decimal("qty"), f.Decimal("commission"), f.String("commissionAsset"), f.Long("tradeId"))).ToList()
                : [])
        {
            OrderListId = o.Element.TryGetProperty("orderListId", out _) ? o.Long("orderListId") : -1,
            IsWorking = o.OptionalBool("isWorking", true),
        };
    }

    /// <summary>An order list (query, open lists): its ids and its legs' ids.</summary>
    public static OrderList List(JsonFields l) => new(
        l.String("symbol"),
        l.Long("orderListId"),
        l.String("listClientOrderId"),
        l.String("listOrderStatus"),
        l.Array("orders").Select(o => new OrderListLeg(o.Long("orderId"), o.String("clientOrderId"))).ToList())
    {
        Reports = l.Element.TryGetProperty("orderReports", out _) ? l.Array("orderReports").Select(Order).ToList() : [],
    };

    public static AccountTrade Trade(JsonFields t) => new(
        t.Long("id"), t.Long("orderId"), t.Decimal("price"), t.Decimal("qty"), t.Decimal("quoteQty"), t.Decimal("commission"), t.String("commissionAsset"),
        t.Long("time"), t.Bool("isBuyer"), t.Bool("isMaker"));

    public static OrderStatus Status(string text) => text switch
    {
        "NEW" => OrderStatus.New,
        "PENDING_NEW" => OrderStatus.PendingNew,
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELED" => OrderStatus.Canceled,
        "PENDING_CANCEL" => OrderStatus.PendingCancel,
        "REJECTED" => OrderStatus.Rejected,
        "EXPIRED" => OrderStatus.Expired,
        "EXPIRED_IN_MATCH" => OrderStatus.ExpiredInMatch,
        _ => OrderStatus.Unknown,
    };
}
