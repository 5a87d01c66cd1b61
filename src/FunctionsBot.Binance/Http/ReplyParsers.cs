using FunctionsBot.Binance.Account;
using FunctionsBot.Binance.Market;

namespace FunctionsBot.Binance.Http;

/// <summary>Readers of the small replies (tickers, average price, account).</summary>
internal static class ReplyParsers
{
    public static TickerPrice Ticker(JsonFields root, string symbol)
    {
        var ticker = new TickerPrice(root.String("symbol"), root.Decimal("price"));
        return ticker.Symbol == symbol && ticker.Price > 0
            ? ticker
            : throw new BinanceResponseException($"{root.Where}: asked for {symbol}, got {ticker.Symbol} at {ticker.Price}.");
    }

    public static IReadOnlyList<TickerPrice> Tickers(JsonFields root, IReadOnlyCollection<string> symbols)
    {
        var tickers = root.Items().Select(t => new TickerPrice(t.String("symbol"), t.Decimal("price"))).ToList();
        var got = tickers.Select(t => t.Symbol).Order(StringComparer.Ordinal).ToList();
        return got.SequenceEqual(symbols.Order(StringComparer.Ordinal)) && tickers.All(t => t.Price > 0)
            ? tickers
            : throw new BinanceResponseException($"{root.Where}: asked for {string.Join(",", symbols)}, got {tickers.Count} prices ({string.Join(",", got)}).");
    }

    public static decimal BestAsk(JsonFields root, string symbol)
    {
        var ask = root.Decimal("askPrice");
        return root.String("symbol") == symbol && ask >= 0
            ? ask
            : throw new BinanceResponseException($"{root.Where}: asked for the book of {symbol}, got {root.String("symbol")} with ask {ask}.");
    }

    public static AveragePrice AveragePrice(JsonFields root) => new(root.Int("mins"), root.Decimal("price"), root.Long("closeTime"));

    public static AccountInfo Account(JsonFields root) => new(
        root.Bool("canTrade"),
        root.OptionalString("accountType") ?? "SPOT",
        root.Array("balances").Select(b => new AssetBalance(b.String("asset"), b.Decimal("free"), b.Decimal("locked"))).ToList());
}
