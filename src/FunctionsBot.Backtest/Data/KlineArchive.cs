using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Backtest.Data;

/// <summary>
/// Downloads Binance public-data klines into a local folder, in the archive's own file names, so <see cref="KlineFiles"/>
/// reads them: monthly zips for whole past months, daily zips for the other past days, each verified against its
/// <c>.CHECKSUM</c> (SHA-256) before it is kept; the days the archive does not have yet (today, and yesterday until it is
/// published) from REST klines. Files already verified are skipped; a download cut off resumes where it stopped (an HTTP
/// range request). The archive's and the REST base URLs are settings, so tests run against a local fake.
/// </summary>
public sealed class KlineArchive(HttpClient http, Uri archive, Uri rest, string folder, TimeProvider time)
{
    public const string DefaultArchive = "https://data.binance.vision/";

    public const string DefaultRest = "https://api.binance.com/";

    /// <summary>What a download did, file by file.</summary>
    public List<string> Log { get; } = [];

    public async Task DownloadAsync(IReadOnlyList<string> symbols, string interval, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _ = KlineIntervals.Of(interval);
        if (to <= from)
        {
            throw new ArgumentException($"--to ({to:yyyy-MM-dd}) must be after --from ({from:yyyy-MM-dd}).");
        }

        Directory.CreateDirectory(folder);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var symbol in symbols)
        {
            var day = from;
            while (day < to)
            {
                var month = new DateOnly(day.Year, day.Month, 1);
                var next = month.AddMonths(1);
                if (day == month && next <= to && next <= today && await ZipAsync(symbol, interval, "monthly", $"{day:yyyy-MM}", cancellationToken).ConfigureAwait(false))
                {
                    day = next;
                    continue;
                }

                if (day >= today || !await ZipAsync(symbol, interval, "daily", $"{day:yyyy-MM-dd}", cancellationToken).ConfigureAwait(false))
                {
                    await RestDayAsync(symbol, interval, day, today, cancellationToken).ConfigureAwait(false);
                }

                day = day.AddDays(1);
            }
        }
    }

    /// <summary>One archive zip, verified; false when the archive does not have it (not published yet).</summary>
    private async Task<bool> ZipAsync(string symbol, string interval, string period, string stamp, CancellationToken cancellationToken)
    {
        var name = $"{symbol}-{interval}-{stamp}.zip";
        var path = Path.Combine(folder, name);
        var url = new Uri(archive, $"data/spot/{period}/klines/{symbol}/{interval}/{name}");
        using var checksumReply = await http.GetAsync(new Uri(url + ".CHECKSUM"), cancellationToken).ConfigureAwait(false);
        if (checksumReply.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        checksumReply.EnsureSuccessStatusCode();
        var expected = (await checksumReply.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Split(' ', 2)[0].Trim().ToLowerInvariant();
        if (File.Exists(path) && await Sha256Async(path, cancellationToken).ConfigureAwait(false) == expected)
        {
            Log.Add($"{name}: cached, checksum verified");
            return true;
        }

        var part = path + ".part";
        var resumed = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (resumed > 0)
        {
            request.Headers.Range = new RangeHeaderValue(resumed, null);
        }

        using var reply = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (reply.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        reply.EnsureSuccessStatusCode();
        var append = resumed > 0 && reply.StatusCode == HttpStatusCode.PartialContent;
        await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write))
        {
            await reply.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var actual = await Sha256Async(part, cancellationToken).ConfigureAwait(false);
        if (actual != expected)
        {
            File.Delete(part);
            throw new InvalidDataException($"{name}: SHA-256 {actual} does not match its .CHECKSUM {expected}; the download was deleted. Run the command again.");
        }

        File.Move(part, path, overwrite: true);
        Log.Add($"{name}: downloaded{(append ? $" (resumed at byte {resumed})" : string.Empty)}, checksum verified");
        return true;
    }

    /// <summary>A day the archive does not have yet, from REST klines (1,000 a request), as a CSV in the archive's columns.</summary>
    private async Task RestDayAsync(string symbol, string interval, DateOnly day, DateOnly today, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var end = Math.Min(start + 86_400_000, time.GetUtcNow().ToUnixTimeMilliseconds());
        var lines = new List<string>();
        for (var from = start; from < end;)
        {
            var url = new Uri(rest, string.Create(CultureInfo.InvariantCulture, $"api/v3/klines?symbol={symbol}&interval={interval}&startTime={from}&endTime={end - 1}&limit=1000"));
            using var reply = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            reply.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await reply.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var rows = json.RootElement.EnumerateArray().ToList();
            foreach (var row in rows)
            {
                var closeTime = row[6].GetInt64();
                if (closeTime < end)
                {
                    lines.Add(string.Join(',', row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())));
                }
            }

            if (rows.Count < 1000)
            {
                break;
            }

            from = rows[^1][0].GetInt64() + 1;
        }

        // A whole past day is kept like an archive file; today's part is written again on every download.
        var name = day < today ? $"{symbol}-{interval}-{day:yyyy-MM-dd}.csv" : $"{symbol}-{interval}-{day:yyyy-MM-dd}-partial.csv";
        await File.WriteAllLinesAsync(Path.Combine(folder, name), lines, cancellationToken).ConfigureAwait(false);
        Log.Add($"{name}: {lines.Count} klines from REST");
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
    }
}
