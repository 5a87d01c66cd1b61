using FunctionsBot.Simulator.Market;

namespace FunctionsBot.Simulator.Trading;

/// <summary>
/// The exchange's own filter checks, written from Binance's filters.md (not shared with the bot):
/// an order either passes or fails with the first filter's name, as "Filter failure: NAME".
/// </summary>
internal static class FilterChecks
{
    /// <param name="price">The limit price; null for MARKET.</param>
    /// <param name="averagePrice">The symbol's average price (what MARKET notional is measured at).</param>
    public static string? FirstFailure(SymbolSpec s, decimal quantity, decimal? price, decimal averagePrice, int openOrders)
    {
        if (price is { } p)
        {
            if ((s.MinPrice != 0 && p < s.MinPrice) || (s.MaxPrice != 0 && p > s.MaxPrice) || (s.TickSize != 0 && p % s.TickSize != 0))
            {
                return "PRICE_FILTER";
            }

            // PERCENT_PRICE_BY_SIDE: the same multipliers on both sides in this simulator.
            if (p > averagePrice * SymbolSpec.MultiplierUp || p < averagePrice * SymbolSpec.MultiplierDown)
            {
                return "PERCENT_PRICE_BY_SIDE";
            }
        }

        if (quantity < s.MinQty || quantity > s.MaxQty || quantity % s.StepSize != 0)
        {
            return "LOT_SIZE";
        }

        if (price is null && s.MarketMaxQty != 0 && quantity > s.MarketMaxQty)
        {
            return "MARKET_LOT_SIZE";
        }

        var notional = (price ?? averagePrice) * quantity;
        if (s.LegacyMinNotional is { } legacy && notional < legacy)
        {
            return "MIN_NOTIONAL";
        }

        // NOTIONAL: applyMinToMarket true, applyMaxToMarket false.
        if (notional < s.MinNotional || (price is not null && notional > s.MaxNotional))
        {
            return "NOTIONAL";
        }

        return openOrders >= s.MaxNumOrders ? "MAX_NUM_ORDERS" : null;
    }
}
