using System.CommandLine;
using System.Globalization;
using FunctionsBot.Backtest.Data;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>data download</c>: Binance public-data klines into a local folder for <c>backtest --data</c>: monthly and daily zips
/// verified against their <c>.CHECKSUM</c>, resumed where a download stopped, cached; the newest days from REST klines.
/// </summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var symbols = new Option<string>("--symbols") { Description = "Comma-separated symbols, e.g. BTCUSDT,ETHUSDT.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Kline interval.", DefaultValueFactory = _ => "1m" };
        var from = new Option<string>("--from") { Description = "First day (UTC), e.g. 2025-01-01.", Required = true };
        var to = new Option<string>("--to") { Description = "Day after the last (UTC), exclusive.", Required = true };
        var dir = new Option<string>("--dir") { Description = "The cache folder (give it to backtest --data).", DefaultValueFactory = _ => "data" };
        var archive = new Option<string>("--archive-url") { Description = "Base URL of the public-data archive (FUNCTIONSBOT_ARCHIVE_URL).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FUNCTIONSBOT_ARCHIVE_URL") ?? KlineArchive.DefaultArchive };
        var rest = new Option<string>("--rest-url") { Description = "Base URL of the REST API for the newest days (FUNCTIONSBOT_REST_URL).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FUNCTIONSBOT_REST_URL") ?? KlineArchive.DefaultRest };
        var download = new Command("download", "Download klines into --dir, verified and cached.") { symbols, interval, from, to, dir, archive, rest };
        download.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
                var target = new KlineArchive(http, Url(parse.GetValue(archive)!, "--archive-url"), Url(parse.GetValue(rest)!, "--rest-url"), parse.GetValue(dir)!, TimeProvider.System);
                try
                {
                    await target.DownloadAsync(
                        [.. parse.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())],
                        parse.GetValue(interval)!, Day(parse.GetValue(from)!, "--from"), Day(parse.GetValue(to)!, "--to"), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var line in target.Log)
                    {
                        Console.Out.WriteLine(line);
                    }
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is CliException or ArgumentException or InvalidDataException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ex is CliException cli ? cli.ExitCode : ex is ArgumentException ? ExitCodes.Usage : ExitCodes.Problem;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }
        });
        return new Command("data", "Market data for backtests.") { download };
    }

    private static Uri Url(string text, string option) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
            ? url
            : throw new CliException(ExitCodes.Usage, $"{option} '{text}': expected an http(s) URL.");

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new CliException(ExitCodes.Usage, $"{option} '{text}': expected a date such as 2025-01-01.");
}
