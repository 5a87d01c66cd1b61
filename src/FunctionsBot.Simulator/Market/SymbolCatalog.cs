using System.Globalization;

namespace FunctionsBot.Simulator.Market;

/// <summary>
/// The simulated symbols, with filters shaped like Binance's current exchangeInfo: six real ones, plus as many generated
/// ones (<c>S001USDT</c> …, each with its own price level and phase) as <c>Simulator__GeneratedSymbols</c> asks for.
/// </summary>
internal static class SymbolCatalog
{
    private static readonly IReadOnlyList<SymbolSpec> Listed =
    [
        new("BTCUSDT", "BTC", "USDT", 60_000m, 0.0, 0.01m, 0.01m, 1_000_000m, 0.00001m, 0.00001m, 9_000m, 100m, 5m, 9_000_000m, 200),
        new("ETHUSDT", "ETH", "USDT", 3_000m, 0.7, 0.01m, 0.01m, 1_000_000m, 0.0001m, 0.0001m, 9_000m, 3_000m, 5m, 9_000_000m, 200),
        new("BNBUSDT", "BNB", "USDT", 600m, 1.4, 0.01m, 0.01m, 100_000m, 0.001m, 0.001m, 9_000m, 5_000m, 5m, 9_000_000m, 200),
        new("SOLUSDT", "SOL", "USDT", 150m, 2.1, 0.01m, 0.01m, 10_000m, 0.001m, 0.001m, 9_000m, 20_000m, 5m, 9_000_000m, 200),
        new("XRPUSDT", "XRP", "USDT", 0.6m, 2.8, 0.0001m, 0.0001m, 1_000m, 0.1m, 0.1m, 9_222_449m, 2_000_000m, 5m, 9_000_000m, 200),
        new("DOGEUSDT", "DOGE", "USDT", 0.15m, 3.5, 0.00001m, 0.00001m, 1_000m, 1m, 1m, 9_000_000m, 10_000_000m, 1m, 9_000_000m, 200, LegacyMinNotional: 1m),
    ];

    public static IReadOnlyList<SymbolSpec> All { get; private set; } = Listed;

    /// <summary>Adds <paramref name="count"/> generated symbols (0–500) at start-up, priced from 10 to about 1000 USDT.</summary>
    public static void Generate(int count)
    {
        if (count is < 0 or > 500)
        {
            throw new InvalidOperationException($"Simulator__GeneratedSymbols = '{count}': must be between 0 and 500.");
        }

        All = [.. Listed, .. Enumerable.Range(1, count).Select(Generated)];
    }

    public static SymbolSpec? Find(string? symbol) => All.FirstOrDefault(s => s.Symbol == symbol);

    private static SymbolSpec Generated(int n)
    {
        var asset = "S" + n.ToString("000", CultureInfo.InvariantCulture);
        var price = 10m + (n * 7 % 100 * 10m);
        return new(asset + "USDT", asset, "USDT", price, n * 0.37 % 6.28, 0.01m, 0.01m, 1_000_000m, 0.001m, 0.001m, 9_000_000m, 1_000_000m, 5m, 9_000_000m, 200);
    }
}
