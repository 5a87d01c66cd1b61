namespace FunctionsBot.Core.Exchange;

/// <summary>
/// The account's history and holdings at the exchange, as reconciliation reads them. Time windows are on the
/// exchange's clock; an implementation pages them as the exchange requires (Binance: at most 24 hours a request).
/// </summary>
public interface IExchangeAccount
{
    Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken);

    /// <summary>Every order of the symbol placed within the window, oldest first.</summary>
    Task<IReadOnlyList<ExchangeOrder>> GetOrdersAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Every trade of the account on the symbol within the window, oldest first.</summary>
    Task<IReadOnlyList<ExchangeTrade>> GetTradesAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Every trade of one order, whenever it traded (Binance: <c>myTrades?orderId=</c>, weight 5).</summary>
    Task<IReadOnlyList<ExchangeTrade>> GetOrderTradesAsync(string symbol, long orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>Every open order list (OCO) of the account, all symbols.</summary>
    Task<IReadOnlyList<ExchangeOrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken);

    /// <summary>Free and locked amount of every asset the account holds.</summary>
    Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(CancellationToken cancellationToken);

    /// <summary>The order with this client id, or null when the exchange says it does not exist.</summary>
    Task<ExchangeOrder?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken);
}

/// <summary>An order as the exchange lists it; <see cref="OrderListId"/> is -1 unless it is a leg of an order list.</summary>
public sealed record ExchangeOrder(
    string Symbol, long OrderId, string ClientOrderId, OrderSide Side, string Status, bool IsOpen, decimal Quantity, decimal ExecutedQuantity, decimal QuoteQuantity, DateTimeOffset Time)
{
    public long OrderListId { get; init; } = -1;
}

/// <summary>An open order list (OCO) and its legs' client order ids.</summary>
public sealed record ExchangeOrderList(string Symbol, long OrderListId, string ListClientOrderId, IReadOnlyList<string> LegClientOrderIds);

/// <summary>One trade of the account with its commission.</summary>
public sealed record ExchangeTrade(
    string Symbol, long Id, long OrderId, OrderSide Side, decimal Price, decimal Quantity, decimal QuoteQuantity, decimal Commission, string CommissionAsset, DateTimeOffset Time);

public sealed record AccountBalance(string Asset, decimal Free, decimal Locked)
{
    public decimal Total => Free + Locked;
}
