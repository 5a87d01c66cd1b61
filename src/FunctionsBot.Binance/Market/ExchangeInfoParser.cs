using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Binance.Market;

/// <summary>Reads exchangeInfo: the filters the bot enforces become typed filters; unknown filter types are skipped.</summary>
internal static class ExchangeInfoParser
{
    public static ExchangeInfo Parse(JsonFields root) => new(
        root.Long("serverTime"),
        root.Array("rateLimits").Select(r => new RateLimit(r.String("rateLimitType"), r.String("interval"), r.Int("intervalNum"), r.Int("limit"))).ToList(),
        root.Array("symbols").Select(Symbol).ToList());

    private static SymbolRules Symbol(JsonFields s) => new(
        s.String("symbol"),
        s.String("status"),
        s.String("baseAsset"),
        s.String("quoteAsset"),
        s.OptionalBool("quoteOrderQtyMarketAllowed", false),
        s.Array("filters").Select(Filter).OfType<IOrderFilter>().ToList())
    {
        OcoAllowed = s.OptionalBool("ocoAllowed", false),
        OpoAllowed = s.OptionalBool("opoAllowed", false) && s.OptionalBool("otoAllowed", false),
        MaxNumOrderLists = s.Array("filters").Where(f => f.String("filterType") == "MAX_NUM_ORDER_LISTS").Select(f => (int?)f.Int("maxNumOrderLists")).FirstOrDefault(),
        MaxNumAlgoOrders = s.Array("filters").Where(f => f.String("filterType") == "MAX_NUM_ALGO_ORDERS").Select(f => (int?)f.Int("maxNumAlgoOrders")).FirstOrDefault(),
    };

    private static IOrderFilter? Filter(JsonFields f) => f.String("filterType") switch
    {
        "PRICE_FILTER" => new PriceFilter(f.Decimal("minPrice"), f.Decimal("maxPrice"), f.Decimal("tickSize")),
        "LOT_SIZE" => new LotSizeFilter(f.Decimal("minQty"), f.Decimal("maxQty"), f.Decimal("stepSize")),
        "MARKET_LOT_SIZE" => new MarketLotSizeFilter(f.Decimal("minQty"), f.Decimal("maxQty"), f.Decimal("stepSize")),
        "MIN_NOTIONAL" => new MinNotionalFilter(f.Decimal("minNotional"), f.OptionalBool("applyToMarket", true), f.OptionalInt("avgPriceMins", 5)),
        "NOTIONAL" => new NotionalFilter(
            f.Decimal("minNotional"), f.OptionalBool("applyMinToMarket", true), f.Decimal("maxNotional"), f.OptionalBool("applyMaxToMarket", false), f.OptionalInt("avgPriceMins", 5)),
        "PERCENT_PRICE_BY_SIDE" => new PercentPriceBySideFilter(
            f.Decimal("bidMultiplierUp"), f.Decimal("bidMultiplierDown"), f.Decimal("askMultiplierUp"), f.Decimal("askMultiplierDown"), f.OptionalInt("avgPriceMins", 5)),
        "MAX_NUM_ORDERS" => new MaxNumOrdersFilter(f.Int("maxNumOrders")),
        _ => null,
    };
}
