using FunctionsBot.Core.Filters;

namespace FunctionsBot.Core.Exchange;

/// <summary>A symbol's trading rules from exchangeInfo: status, assets and the filters the bot enforces.</summary>
public sealed record SymbolRules(
    string Symbol,
    string Status,
    string BaseAsset,
    string QuoteAsset,
    bool QuoteOrderQtyMarketAllowed,
    IReadOnlyList<IOrderFilter> Filters)
{
    /// <summary>The symbol takes OCO order lists (exchangeInfo <c>ocoAllowed</c>).</summary>
    public bool OcoAllowed { get; init; }

    /// <summary>The symbol takes OPO lists (<c>opoAllowed</c> and <c>otoAllowed</c>); an OPOCO also needs <see cref="OcoAllowed"/>.</summary>
    public bool OpoAllowed { get; init; }

    /// <summary>MAX_NUM_ORDER_LISTS: how many order lists may be open on the symbol; null when the symbol does not say.</summary>
    public int? MaxNumOrderLists { get; init; }

    /// <summary>MAX_NUM_ALGO_ORDERS: how many stop orders may be open on the symbol; null when the symbol does not say.</summary>
    public int? MaxNumAlgoOrders { get; init; }

    public const string Trading = "TRADING";

    public bool IsTrading => Status == Trading;

    public T? Filter<T>()
        where T : class, IOrderFilter => Filters.OfType<T>().FirstOrDefault();
}
