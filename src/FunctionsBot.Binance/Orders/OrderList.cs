namespace FunctionsBot.Binance.Orders;

/// <summary>An order list as <c>GET /api/v3/orderList</c> and <c>GET /api/v3/openOrderList</c> report it.</summary>
public sealed record OrderList(string Symbol, long OrderListId, string ListClientOrderId, string ListOrderStatus, IReadOnlyList<OrderListLeg> Legs)
{
    /// <summary>Each leg as an order (placement and cancel replies carry them; queries do not).</summary>
    public IReadOnlyList<PlacedOrder> Reports { get; init; } = [];
}

public sealed record OrderListLeg(long OrderId, string ClientOrderId);
