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
    public bool IsTrading => Status == "TRADING";

    public T? Filter<T>()
        where T : class, IOrderFilter => Filters.OfType<T>().FirstOrDefault();
}
