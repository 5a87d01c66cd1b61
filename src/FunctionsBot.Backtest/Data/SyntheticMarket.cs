using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Backtest.Data;

/// <summary>
/// A generated market for when no data is given, labeled synthetic in every output: per symbol, a seeded random walk
/// through regimes of trend up, trend down and range (each a few hours to two days), with the odd gap at a candle's open.
/// The same seed, symbol and window give the same candles.
/// </summary>
public static class SyntheticMarket
{
    public static IEnumerable<Candle> Generate(string symbol, string interval, DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var step = (long)Intervals.Of(interval).TotalMilliseconds;
        var random = new Random(unchecked((seed * 1_000_003) ^ Stable(symbol)));
        var price = (double)StartPrice(symbol);
        var volume = 2_000_000.0 / price; // about 2 M quote a candle
        var scale = Math.Sqrt(step / 60_000.0);
        var (drift, volatility, left) = (0.0, 0.0, 0L);
        var decimals = price >= 100 ? 2 : price >= 1 ? 4 : 6;
        var start = from.ToUnixTimeMilliseconds() / step * step;
        for (var open = start; open < to.ToUnixTimeMilliseconds(); open += step)
        {
            if (left-- <= 0)
            {
                // A new regime: up, down or range, 2–48 hours long.
                left = (long)(random.Next(2, 49) * 3_600_000.0 / step);
                var kind = random.Next(3);
                drift = kind switch { 0 => 0.00012, 1 => -0.00012, _ => 0.0 } * scale * scale;
                volatility = (kind == 2 ? 0.0008 : 0.0012) * scale;
            }

            var gap = random.NextDouble() < 0.0005 ? (random.NextDouble() - 0.5) * 0.06 : 0.0;
            var first = price * (1 + gap);
            var last = first * (1 + drift + (Normal(random) * volatility));
            var high = Math.Max(first, last) * (1 + (Math.Abs(Normal(random)) * volatility * 0.5));
            var low = Math.Min(first, last) * (1 - (Math.Abs(Normal(random)) * volatility * 0.5));
            price = last;
            yield return new Candle(
                open, Round(first, decimals), Round(high, decimals), Round(low, decimals), Round(last, decimals),
                Round(volume * (0.5 + random.NextDouble()), 5), open + step - 1);
        }
    }

    private static decimal StartPrice(string symbol) => symbol switch
    {
        _ when symbol.StartsWith("BTC", StringComparison.Ordinal) => 60_000m,
        _ when symbol.StartsWith("ETH", StringComparison.Ordinal) => 3_000m,
        _ when symbol.StartsWith("BNB", StringComparison.Ordinal) => 600m,
        _ when symbol.StartsWith("SOL", StringComparison.Ordinal) => 150m,
        _ => 100m,
    };

    private static decimal Round(double value, int decimals) => decimal.Round((decimal)value, decimals);

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    /// <summary>A hash of the symbol that does not change between processes (string.GetHashCode does).</summary>
    private static int Stable(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
