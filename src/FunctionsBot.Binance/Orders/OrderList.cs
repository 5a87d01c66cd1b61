namespace FunctionsBot.Binance.Orders;

/// <summary>An order list as <c>GET /api/v3/orderList</c> and <c>GET /api/v3/openOrderList</c> report it.</summary>
public sealed record OrderList(string Symbol, long OrderListId, string ListClientOrderId, string ListOrderStatus, IReadOnlyList<OrderListLeg> Legs);

public sealed record OrderListLeg(long OrderId, string ClientOrderId);
