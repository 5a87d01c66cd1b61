using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Backtest.Data;

/// <summary>
/// A generated market for when no data is given, labeled synthetic in every output. Each UTC day runs from one anchor price
/// to the next (a sum of slow waves: trends of days to months, and ranges where they cancel); in between, a seeded random
/// walk tied to both anchors (a Brownian bridge) with a calm or a busy volatility per day and the odd gap at a candle's
/// open. Every day is generated from the seed, the symbol and its date alone, so the market is a function of time: any
/// window of it shows the same candles (the parts of a walk-forward are parts of one market), at a cost of one day at most.
/// </summary>
public static class SyntheticMarket
{
    private const long Day = 86_400_000;

    public static IEnumerable<Candle> Generate(string symbol, string interval, DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var step = (long)KlineIntervals.Of(interval).TotalMilliseconds;
        var bars = (int)Math.Max(1, Day / step);
        var start = (double)StartPrice(symbol);
        var decimals = start >= 100 ? 2 : start >= 1 ? 4 : 6;
        var waves = Waves(seed, symbol);
        var volume = 2_000_000.0 / start; // about 2 M quote a candle
        var (first, last) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var walk = new double[bars + 1];
        for (var day = Math.DivRem(first, Day, out var rest) - (rest < 0 ? 1 : 0); day * Day < last; day++)
        {
            var random = new Random(Mix(seed, symbol, day));
            var volatility = (random.NextDouble() < 0.4 ? 0.0006 : 0.0013) * Math.Sqrt(step / 60_000.0);
            walk[0] = 0;
            for (var k = 1; k <= bars; k++)
            {
                var gap = random.NextDouble() < 0.0005 ? (random.NextDouble() - 0.5) * 0.06 : 0.0;
                walk[k] = walk[k - 1] + gap + (Normal(random) * volatility);
            }

            var (from0, to0) = (Math.Log(Anchor(waves, start, day)), Math.Log(Anchor(waves, start, day + 1)));
            for (var k = 0; k < bars; k++)
            {
                var open = (day * Day) + (k * step);
                var (high, low, traded) = (Math.Abs(Normal(random)) * volatility * 0.5, Math.Abs(Normal(random)) * volatility * 0.5, volume * (0.5 + random.NextDouble()));
                if (open < first || open >= last)
                {
                    continue;
                }

                var opening = Math.Exp(Bridge(from0, to0, walk, k, bars));
                var closing = Math.Exp(Bridge(from0, to0, walk, k + 1, bars));
                yield return new Candle(
                    open, Round(opening, decimals), Round(Math.Max(opening, closing) * (1 + high), decimals), Round(Math.Min(opening, closing) * (1 - low), decimals),
                    Round(closing, decimals), Round(traded, 5), open + step - 1);
            }
        }
    }

    /// <summary>The log price at step <paramref name="k"/> of the day: the line between the anchors plus the walk tied to zero at both ends.</summary>
    private static double Bridge(double from, double to, double[] walk, int k, int bars) =>
        from + ((to - from) * k / bars) + walk[k] - (walk[bars] * k / bars);

    /// <summary>The price at the start of a day: the symbol's start price moved by four slow waves (periods of 5 to 200 days).</summary>
    private static double Anchor((double Amplitude, double Period, double Phase)[] waves, double start, long day)
    {
        var log = 0.0;
        foreach (var (amplitude, period, phase) in waves)
        {
            log += amplitude * Math.Sin((2 * Math.PI * day / period) + phase);
        }

        return start * Math.Exp(log);
    }

    private static (double Amplitude, double Period, double Phase)[] Waves(int seed, string symbol)
    {
        var random = new Random(Mix(seed, symbol, -1));
        return [.. Enumerable.Range(0, 4).Select(i => (0.02 + (random.NextDouble() * 0.2 / (i + 1)), 5 + (random.NextDouble() * 195), random.NextDouble() * 2 * Math.PI))];
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

    /// <summary>A seed from the seed, the symbol and the day that does not change between processes (string.GetHashCode does).</summary>
    private static int Mix(int seed, string symbol, long day)
    {
        var hash = unchecked((seed * 1_000_003) ^ (int)(day * 2_654_435_761));
        foreach (var c in symbol)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
