using FunctionsBot.Binance.Account;
using FunctionsBot.Binance.Market;

namespace FunctionsBot.Binance.Http;

/// <summary>Readers of the small replies (tickers, average price, account).</summary>
internal static class ReplyParsers
{
    public static IReadOnlyList<TickerPrice> Tickers(JsonFields root) =>
        root.Items().Select(t => new TickerPrice(t.String("symbol"), t.Decimal("price"))).ToList();

    public static AveragePrice AveragePrice(JsonFields root) => new(root.Int("mins"), root.Decimal("price"), root.Long("closeTime"));

    public static AccountInfo Account(JsonFields root) => new(
        root.Bool("canTrade"),
        root.OptionalString("accountType") ?? "SPOT",
        root.Array("balances").Select(b => new AssetBalance(b.String("asset"), b.Decimal("free"), b.Decimal("locked"))).ToList());
}
