namespace FunctionsBot.Binance.Orders;

/// <summary>
/// An order as the exchange reports it (placement FULL reply, query or cancel). Fills are present only
/// in a FULL placement reply. Average price = <see cref="CummulativeQuoteQty"/> / <see cref="ExecutedQty"/>.
/// </summary>
public sealed record PlacedOrder(
    string Symbol,
    long OrderId,
    string ClientOrderId,
    OrderStatus Status,
    string Side,
    string Type,
    decimal Price,
    decimal OrigQty,
    decimal ExecutedQty,
    decimal CummulativeQuoteQty,
    long Time,
    IReadOnlyList<OrderFill> Fills)
{
    /// <summary>The order list the order is a leg of; -1 when none.</summary>
    public long OrderListId { get; init; } = -1;

    /// <summary>Binance's <c>isWorking</c>: on the book (false for a stop that has not triggered); true when the reply does not say.</summary>
    public bool IsWorking { get; init; } = true;

    public decimal? AveragePrice => ExecutedQty > 0 ? CummulativeQuoteQty / ExecutedQty : null;

    public bool IsFinal => Status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Rejected or OrderStatus.Expired or OrderStatus.ExpiredInMatch;
}

public sealed record OrderFill(decimal Price, decimal Qty, decimal Commission, string CommissionAsset, long TradeId);
