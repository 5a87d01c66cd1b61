using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// A symbol's exchangeInfo rules for a backtest, in Binance's shape for its price range: PRICE_FILTER with a tick of a
/// millionth of the price's order of magnitude (BTCUSDT at 60,000: 0.01), LOT_SIZE with the step that keeps one step under a
/// tenth of a quote unit (BTCUSDT: 0.00001), NOTIONAL of 5 quote, OCO and OPO allowed, as on Binance's USDT pairs.
/// </summary>
internal static class Rules
{
    public static SymbolRules For(string symbol, string quote, decimal price)
    {
        if (!symbol.EndsWith(quote, StringComparison.Ordinal) || symbol.Length == quote.Length)
        {
            throw new ArgumentException($"{symbol} is not a {quote} pair (Bot__QuoteAsset = {quote}).", nameof(symbol));
        }

        var magnitude = price > 0 ? (int)Math.Floor(Math.Log10((double)price)) : 0;
        var tick = Power(Math.Clamp(magnitude - 6, -8, 0));
        var step = Power(Math.Clamp(-(magnitude + 1), -8, 0));
        return new SymbolRules(
            symbol, SymbolRules.Trading, symbol[..^quote.Length], quote, true,
            [new PriceFilter(tick, 1_000_000m, tick), new LotSizeFilter(step, 9_000_000m, step), new NotionalFilter(5m, true, 9_000_000m, false, 5), new MaxNumOrdersFilter(200)])
        {
            OcoAllowed = true,
            OpoAllowed = true,
            MaxNumOrderLists = 20,
        };
    }

    private static decimal Power(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < -exponent; i++)
        {
            value /= 10m;
        }

        return value;
    }
}
