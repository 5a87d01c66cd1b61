namespace FunctionsBot.Simulator.Market;

/// <summary>
/// A deterministic price path per symbol: the same symbol and time always give the same price.
/// Two slow waves and a fast one around the base price, so a moving-average strategy sees trends and
/// a limit order below the price is eventually crossed.
/// </summary>
internal static class PricePath
{
    public static decimal At(SymbolSpec symbol, DateTimeOffset time)
    {
        var t = time.ToUnixTimeMilliseconds() / 1000.0;
        var phase = symbol.Phase;
        var wave = (0.03 * Math.Sin((2 * Math.PI * t / 7200) + phase))
            + (0.01 * Math.Sin((2 * Math.PI * t / 900) + (2 * phase)))
            + (0.002 * Math.Sin((2 * Math.PI * t / 60) + (3 * phase)));
        var raw = (decimal)(1 + wave) * symbol.BasePrice;
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
}
