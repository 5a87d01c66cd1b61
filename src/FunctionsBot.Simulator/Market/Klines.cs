using FunctionsBot.Simulator.Api;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Simulator.Market;

/// <summary>Candles from the price path, aligned to the interval in market time; the last one may still be open.</summary>
internal static class Klines
{
    private static readonly Dictionary<string, TimeSpan> Intervals = new(StringComparer.Ordinal)
    {
        ["1s"] = TimeSpan.FromSeconds(1), ["1m"] = TimeSpan.FromMinutes(1), ["3m"] = TimeSpan.FromMinutes(3), ["5m"] = TimeSpan.FromMinutes(5),
        ["15m"] = TimeSpan.FromMinutes(15), ["30m"] = TimeSpan.FromMinutes(30), ["1h"] = TimeSpan.FromHours(1), ["2h"] = TimeSpan.FromHours(2),
        ["4h"] = TimeSpan.FromHours(4), ["6h"] = TimeSpan.FromHours(6), ["8h"] = TimeSpan.FromHours(8), ["12h"] = TimeSpan.FromHours(12),
        ["1d"] = TimeSpan.FromDays(1), ["3d"] = TimeSpan.FromDays(3), ["1w"] = TimeSpan.FromDays(7),
    };

    public static TimeSpan Parse(string interval) =>
        Intervals.TryGetValue(interval, out var span) ? span : throw SimError.BadRequest(-1120, "Invalid interval.");

    public static List<object[]> Build(SymbolSpec symbol, TimeSpan interval, DateTimeOffset now, long? startTime, long? endTime, int limit)
    {
        var ms = (long)interval.TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        var lastOpen = Math.Min(endTime ?? nowMs, nowMs) / ms * ms;
        var firstOpen = startTime is { } start ? (start + ms - 1) / ms * ms : lastOpen - ((limit - 1) * ms);
        if (ReplayTape.IsActive && ReplayTape.Has(symbol.Symbol))
        {
            try
            {
                return [.. ReplayTape.Candles(symbol.Symbol, ms, firstOpen, lastOpen, nowMs, limit).Select(c => new object[]
                {
                    c.Open, Json.D(c.O), Json.D(c.H), Json.D(c.L), Json.D(c.C), Json.D(c.V), c.CloseTime, Json.D(c.V * c.C), 100, Json.D(c.V / 2), Json.D(c.V * c.C / 2), "0",
                })];
            }
            catch (InvalidOperationException ex)
            {
                throw SimError.BadRequest(-1120, $"Invalid interval: {ex.Message}.");
            }
        }

        var candles = new List<object[]>();
        for (var open = firstOpen; open <= lastOpen && candles.Count < limit; open += ms)
        {
            var close = Math.Min(open + ms - 1, nowMs);
            var samples = Enumerable.Range(0, 13).Select(i => PricePath.At(symbol, DateTimeOffset.FromUnixTimeMilliseconds(open + ((close - open) * i / 12)))).ToList();
            var volume = decimal.Round(1000m / symbol.BasePrice * (1 + (samples.Max() - samples.Min()) / symbol.BasePrice * 50), 8);
            candles.Add(
            [
                open, Json.D(samples[0]), Json.D(samples.Max()), Json.D(samples.Min()), Json.D(samples[^1]), Json.D(volume),
                open + ms - 1, Json.D(volume * samples[^1]), 100, Json.D(volume / 2), Json.D(volume * samples[^1] / 2), "0",
            ]);
        }

        return candles;
    }
}
