using System.Globalization;
using System.IO.Compression;

namespace FunctionsBot.Simulator.Market;

/// <summary>
/// Replay mode (<c>Simulator__Replay</c>): symbols whose market is a kline file (Binance public-data layout, CSV or zip,
/// µs or ms timestamps) instead of the generated path. Within each candle the price goes open → (low, then high when the
/// candle closed up; high, then low when it closed down) → close, holding each level for a sixth of the candle, so every
/// matching step (one market second) sees the open, both extremes and the close. Ticker, book, klines and matching all
/// read it through <see cref="PricePath"/>.
/// </summary>
internal static class ReplayTape
{
    private static Dictionary<string, (long Interval, Bar[] Bars)> _tapes = new(StringComparer.Ordinal);

    public static bool IsActive => _tapes.Count > 0;

    /// <summary>Loads every file under <paramref name="path"/> (a file, or a folder of <c>{SYMBOL}-{interval}-*.csv|zip</c>).</summary>
    public static string Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new InvalidOperationException($"Simulator__Replay = '{path}': no such file or folder.");
        var tapes = new Dictionary<string, List<Bar>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var symbol = Path.GetFileName(file).Split('-')[0].ToUpperInvariant();
            if (SymbolCatalog.Find(symbol) is null)
            {
                throw new InvalidOperationException($"Simulator__Replay: {Path.GetFileName(file)} is for {symbol}, which the simulator does not list.");
            }

            var bars = tapes.TryGetValue(symbol, out var list) ? list : tapes[symbol] = [];
            foreach (var line in Lines(file))
            {
                var bar = Parse(line, file);
                if (bars.Count == 0 || bar.OpenTime > bars[^1].OpenTime)
                {
                    bars.Add(bar);
                }
            }
        }

        _tapes = tapes.Where(t => t.Value.Count > 0).ToDictionary(t => t.Key, t => (t.Value[0].CloseTime + 1 - t.Value[0].OpenTime, t.Value.ToArray()), StringComparer.Ordinal);
        return string.Join(", ", _tapes.Select(t => $"{t.Key} {t.Value.Bars.Length} candles from {DateTimeOffset.FromUnixTimeMilliseconds(t.Value.Bars[0].OpenTime):O}"));
    }

    /// <summary>The first candle's open of any tape: where the market clock starts.</summary>
    public static DateTimeOffset? Start => _tapes.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(_tapes.Values.Min(t => t.Bars[0].OpenTime));

    public static bool Has(string symbol) => _tapes.ContainsKey(symbol);

    /// <summary>The replayed price of the symbol at <paramref name="time"/>; before the tape its first open, after it its last close.</summary>
    public static decimal At(string symbol, DateTimeOffset time)
    {
        var (_, bars) = _tapes[symbol];
        var t = time.ToUnixTimeMilliseconds();
        var i = Index(bars, t);
        if (i < 0)
        {
            return bars[0].Open;
        }

        var bar = bars[i];
        if (t > bar.CloseTime)
        {
            return bar.Close;
        }

        var (first, second) = bar.Close >= bar.Open ? (bar.Low, bar.High) : (bar.High, bar.Low);
        var sixth = (bar.CloseTime + 1 - bar.OpenTime) / 6.0;
        var x = (t - bar.OpenTime) / sixth;
        return x switch
        {
            < 1 => bar.Open,
            < 2 => Between(bar.Open, first, x - 1),
            < 3 => first,
            < 4 => Between(first, second, x - 3),
            < 5 => second,
            _ => Between(second, bar.Close, Math.Min(1, (x - 5) * 6 / 5.9)),
        };
    }

    /// <summary>The tape's candles for klines: whole candles as recorded; the one forming at <paramref name="now"/> as far as the path went.</summary>
    public static List<(long Open, decimal O, decimal H, decimal L, decimal C, decimal V, long CloseTime)> Candles(string symbol, long interval, long first, long last, long now, int limit)
    {
        var (step, bars) = _tapes[symbol];
        if (interval != step)
        {
            throw new InvalidOperationException($"replay serves {symbol} in {step / 60_000}m candles only");
        }

        var result = new List<(long, decimal, decimal, decimal, decimal, decimal, long)>();
        for (var open = Math.Max(first, bars[0].OpenTime); open <= last && result.Count < limit; open += step)
        {
            var i = Index(bars, open);
            if (i >= 0 && bars[i].OpenTime == open && bars[i].CloseTime < now)
            {
                var b = bars[i];
                result.Add((b.OpenTime, b.Open, b.High, b.Low, b.Close, b.Volume, b.CloseTime));
                continue;
            }

            // Forming, or past the tape's end: what the path did so far.
            var samples = Enumerable.Range(0, 61).Select(k => open + ((Math.Min(now, open + step - 1) - open) * k / 60)).Select(ms => At(symbol, DateTimeOffset.FromUnixTimeMilliseconds(ms))).ToList();
            result.Add((open, samples[0], samples.Max(), samples.Min(), samples[^1], 0m, open + step - 1));
        }

        return result;
    }

    private static decimal Between(decimal from, decimal to, double fraction) => from + ((to - from) * (decimal)fraction);

    /// <summary>The last candle opening at or before <paramref name="t"/>, or −1.</summary>
    private static int Index(Bar[] bars, long t)
    {
        var (low, high) = (0, bars.Length - 1);
        var found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (bars[mid].OpenTime <= t)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    private static IEnumerable<string> Lines(string file)
    {
        if (!file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadLines(file);
        }

        using var zip = ZipFile.OpenRead(file);
        var lines = new List<string>();
        foreach (var entry in zip.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            using var reader = new StreamReader(entry.Open());
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static Bar Parse(string line, string file)
    {
        var f = line.Split(',');
        if (f.Length < 7 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out var open) || !long.TryParse(f[6], CultureInfo.InvariantCulture, out var close))
        {
            throw new InvalidOperationException($"Simulator__Replay: {Path.GetFileName(file)}: '{line}' is not a kline row.");
        }

        static long Ms(long stamp) => stamp >= 1_000_000_000_000_000 ? stamp / 1000 : stamp;
        static decimal D(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Bar(Ms(open), D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5]), Ms(close));
    }

    private readonly record struct Bar(long OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, long CloseTime);
}
