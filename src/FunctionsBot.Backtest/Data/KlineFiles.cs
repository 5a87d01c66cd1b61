using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Backtest.Data;

/// <summary>
/// Binance public-data kline files (data.binance.vision), as CSV or zip, streamed: 12 columns (open time, open, high, low,
/// close, volume, close time, quote volume, trades, taker buy base, taker buy quote, ignore), no header in spot files (a
/// header line is skipped when present). Spot timestamps are in microseconds from 2025-01-01 and in milliseconds before;
/// both are read as milliseconds.
/// </summary>
public static class KlineFiles
{
    /// <summary>Timestamps at or above this are microseconds (1e15 µs is 2001; 1e15 ms is 33,658 AD).</summary>
    private const long MicrosecondsFrom = 1_000_000_000_000_000;

    /// <summary>
    /// The candles of <paramref name="symbol"/> under <paramref name="path"/>: a file (CSV or zip) or a folder holding
    /// <c>{SYMBOL}-{interval}-*.csv|zip</c> files (monthly and daily, overlaps read once), oldest first, within the window.
    /// </summary>
    public static IEnumerable<Candle> Read(string path, string symbol, string interval, DateTimeOffset from, DateTimeOffset to)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, $"{symbol}-{interval}-*").Where(IsData).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"No kline data at '{path}'.", path);
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No {symbol} {interval} kline files (.csv or .zip named {symbol}-{interval}-…) in '{path}'.", path);
        }

        var (start, end) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var last = long.MinValue;
        foreach (var file in files)
        {
            foreach (var candle in ReadFile(file))
            {
                if (candle.OpenTime <= last || candle.OpenTime < start)
                {
                    continue;
                }

                if (candle.OpenTime >= end)
                {
                    yield break;
                }

                last = candle.OpenTime;
                yield return candle;
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> holds klines of the symbol (a folder with its files, or a file named for it).</summary>
    public static bool Has(string path, string symbol, string interval) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, $"{symbol}-{interval}-*").Any(IsData) : Path.GetFileName(path).StartsWith(symbol + "-", StringComparison.Ordinal);

    /// <summary>Every candle of one file, as written.</summary>
    public static IEnumerable<Candle> ReadFile(string file)
    {
        if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = ZipFile.OpenRead(file);
            foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                using var reader = new StreamReader(entry.Open());
                foreach (var candle in Parse(reader, $"{file}!{entry.Name}"))
                {
                    yield return candle;
                }
            }

            yield break;
        }

        using var text = new StreamReader(file);
        foreach (var candle in Parse(text, file))
        {
            yield return candle;
        }
    }

    /// <summary>Parses kline rows (CsvHelper); a malformed row is an error naming the file and line, never a silent gap.</summary>
    public static IEnumerable<Candle> Parse(TextReader text, string source)
    {
        using var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true }, false);
        var first = true;
        while (csv.Read())
        {
            var line = csv.LineNumber;
            if (first && !long.TryParse(csv.GetString(0), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                first = false;
                continue; // a header line ("open_time,open,…")
            }

            first = false;
            if (csv.FieldCount < 7)
            {
                throw new InvalidDataException($"{source} line {line}: {csv.FieldCount} columns; a kline row has 12 (open time … close time, …).");
            }

            yield return new Candle(
                Time(csv.GetString(0), source, line), Number(csv.GetString(1), source, line), Number(csv.GetString(2), source, line), Number(csv.GetString(3), source, line),
                Number(csv.GetString(4), source, line), Number(csv.GetString(5), source, line), Time(csv.GetString(6), source, line));
        }
    }

    /// <summary>A kline timestamp in milliseconds, from milliseconds or microseconds.</summary>
    public static long ToMilliseconds(long stamp) => stamp >= MicrosecondsFrom ? stamp / 1000 : stamp;

    private static bool IsData(string file) =>
        file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    private static long Time(string field, string source, long row) =>
        long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stamp)
            ? ToMilliseconds(stamp)
            : throw new InvalidDataException($"{source} line {row}: '{field}' is not a timestamp.");

    private static decimal Number(string field, string source, long row) =>
        decimal.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidDataException($"{source} line {row}: '{field}' is not a price or volume.");
}
