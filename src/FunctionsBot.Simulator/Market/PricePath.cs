namespace FunctionsBot.Simulator.Market;

/// <summary>
/// A deterministic price path per symbol: the same symbol and time always give the same price.
/// Two slow waves around the base price give trends; value noise (pseudo-random levels at fixed knots,
/// smoothly interpolated, in three octaves) keeps it from repeating, so a bot that samples the path at
/// a fixed stride on a fast clock does not keep seeing the same few prices (the waves alone repeat every
/// two market hours, which at ×1440 is five real seconds).
/// </summary>
internal static class PricePath
{
    private static readonly (double Period, double Amplitude)[] Octaves = [(120, 0.003), (600, 0.006), (2400, 0.012)];
    private static readonly Lock ShocksGate = new();
    private static (string Symbol, DateTimeOffset From, decimal Factor)[] _shocks = [];

    /// <summary>
    /// From <paramref name="from"/> on, the symbol's path is <paramref name="factor"/> times what it was: a gap, as in a
    /// crash or a squeeze, that every reader of the path (ticker, klines, book, matching) sees alike.
    /// </summary>
    public static void Shock(string symbol, DateTimeOffset from, decimal factor)
    {
        lock (ShocksGate)
        {
            _shocks = [.. _shocks, (symbol, from, factor)];
        }
    }

    public static decimal At(SymbolSpec symbol, DateTimeOffset time)
    {
        if (ReplayTape.IsActive && ReplayTape.Has(symbol.Symbol))
        {
            var replayed = ReplayTape.At(symbol.Symbol, time);
            return Math.Max(symbol.TickSize, decimal.Round(replayed / symbol.TickSize) * symbol.TickSize);
        }

        var t = time.ToUnixTimeMilliseconds() / 1000.0;
        var phase = symbol.Phase;
        var move = (0.025 * Math.Sin((2 * Math.PI * t / 7200) + phase))
            + (0.008 * Math.Sin((2 * Math.PI * t / 900) + (2 * phase)));
        var seed = (ulong)BitConverter.DoubleToInt64Bits(phase);
        for (var octave = 0; octave < Octaves.Length; octave++)
        {
            var (period, amplitude) = Octaves[octave];
            move += amplitude * ValueNoise(seed + (ulong)octave, t / period);
        }

        var raw = (decimal)(1 + move) * symbol.BasePrice;
        foreach (var (shocked, from, factor) in _shocks)
        {
            raw = shocked == symbol.Symbol && time >= from ? raw * factor : raw;
        }

        return Math.Max(symbol.TickSize, decimal.Round(raw / symbol.TickSize) * symbol.TickSize);
    }

    /// <summary>Time-weighted average over the window ending at <paramref name="end"/>, sampled every 10 s.</summary>
    public static decimal Average(SymbolSpec symbol, DateTimeOffset end, TimeSpan window)
    {
        var samples = Math.Max(1, (int)(window.TotalSeconds / 10));
        var sum = 0m;
        for (var i = 0; i < samples; i++)
        {
            sum += At(symbol, end - TimeSpan.FromSeconds(i * 10));
        }

        return decimal.Round(sum / samples, 8);
    }

    /// <summary>A level in [-1, 1] at every integer knot, eased between knots.</summary>
    private static double ValueNoise(ulong seed, double x)
    {
        var knot = Math.Floor(x);
        var f = x - knot;
        var eased = f * f * (3 - (2 * f));
        var left = Level(seed, (long)knot);
        var right = Level(seed, (long)knot + 1);
        return left + ((right - left) * eased);
    }

    /// <summary>SplitMix64 of the seed and knot, mapped to [-1, 1].</summary>
    private static double Level(ulong seed, long knot) => (SplitMix64.Unit(seed ^ ((ulong)knot * 0x9E3779B97F4A7C15UL)) * 2) - 1;
}
