using System.CommandLine;
using System.Globalization;
using FunctionsBot.Backtest.Engine;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Market;
using FunctionsBot.Backtest.Report;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>backtest</c>: the bot's own cycle over history (or the seeded synthetic market without <c>--data</c>), its report as
/// tables and, with <c>--out</c>, as trades CSV, equity PNG and one HTML page; <c>--check recursive|lookahead</c> checks the
/// strategy for lookahead bias instead. Exit codes: 0 done (a check passed), 1 a check failed, 64 a wrong command line or setting.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var symbols = new Option<string>("--symbols") { Description = "Comma-separated symbols, e.g. BTCUSDT,ETHUSDT.", Required = true };
        var from = new Option<string>("--from") { Description = "First day (UTC), e.g. 2026-01-01.", Required = true };
        var to = new Option<string>("--to") { Description = "Day after the last (UTC), exclusive.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Kline interval (Strategy__Interval).", DefaultValueFactory = _ => "1m" };
        var data = new Option<string?>("--data") { Description = "A Binance public-data kline file (CSV or zip) or a folder of them; default: the seeded SYNTHETIC market." };
        var strategy = new Option<string?>("--strategy") { Description = "Strategy__Name: MaCrossover, RsiReversion, DonchianBreakout or your own." };
        var set = new Option<string[]>("--set") { Description = "A setting as the app reads it, Key=Value (repeatable): --set Strategy__MaCrossover__FastPeriod=8.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Folder for trades.csv, equity.png and report.html." };
        var htmlReport = new Option<string?>("--html") { Description = "Write the HTML report (tables and the dashboard's charts) to this file." };
        var slippage = new Option<decimal>("--slippage-bps") { Description = "Slippage against each market fill, in basis points.", DefaultValueFactory = _ => 2m };
        var share = new Option<decimal>("--max-volume-share") { Description = "Largest share of a candle's volume one order fills; the rest expires.", DefaultValueFactory = _ => 0.1m };
        var fee = new Option<decimal>("--fee-percent") { Description = "Commission rate in percent.", DefaultValueFactory = _ => 0.1m };
        var feeAsset = new Option<string>("--fee-asset") { Description = "received (the asset a fill receives) or BNB (at BNB's price, 25 % off, while BNB is free).", DefaultValueFactory = _ => "received" };
        var quote = new Option<decimal>("--quote") { Description = "Quote asset held at the start.", DefaultValueFactory = _ => 10_000m };
        var bnb = new Option<decimal>("--bnb") { Description = "BNB held at the start.", DefaultValueFactory = _ => 0m };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic market.", DefaultValueFactory = _ => 42 };
        var exchangeInfo = new Option<string?>("--exchange-info") { Description = "A saved GET /api/v3/exchangeInfo reply: the symbols' real filters (default: filters in Binance's shape for the price)." };
        var check = new Option<string?>("--check") { Description = "recursive or lookahead: check the strategy for lookahead bias instead of a backtest." };
        var sweep = new Option<string[]>("--sweep") { Description = "A parameter grid axis, Name=from..to:step or Name=a,b,c (repeatable; Name is the strategy's own setting or a full Key).", AllowMultipleArgumentsPerToken = true };
        var walkForward = new Option<int>("--walk-forward") { Description = "With --sweep: folds; each picks the best in-sample point and reports its out-of-sample rank.", DefaultValueFactory = _ => 0 };
        var command = new Command("backtest", "Run the bot's own stages over history, with an in-memory ledger and a historical exchange on a virtual clock.")
        {
            symbols, from, to, interval, data, strategy, set, output, htmlReport, slippage, share, fee, feeAsset, quote, bnb, seed, exchangeInfo, check, sweep, walkForward,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var settings = (parse.GetValue(set) ?? []).Select(Setting).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
                if (parse.GetValue(strategy) is { } name)
                {
                    settings["Strategy__Name"] = name;
                }

                var options = new BacktestOptions
                {
                    Symbols = [.. parse.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())],
                    From = Day(parse.GetValue(from)!, "--from"),
                    To = Day(parse.GetValue(to)!, "--to"),
                    Interval = parse.GetValue(interval)!,
                    Data = parse.GetValue(data),
                    Seed = parse.GetValue(seed),
                    ExchangeInfo = parse.GetValue(exchangeInfo) is { } info ? ExchangeInfoFile.Parse(await File.ReadAllTextAsync(info, cancellationToken).ConfigureAwait(false), info) : [],
                    Settings = settings,
                    StartQuote = parse.GetValue(quote),
                    StartBnb = parse.GetValue(bnb),
                    Fills = new FillModel(parse.GetValue(slippage), parse.GetValue(share), parse.GetValue(fee), FeesInBnb(parse.GetValue(feeAsset)!)),
                };
                if (parse.GetValue(walkForward) is < 0 or > 20)
                {
                    throw new CliException(ExitCodes.Usage, "--walk-forward: 0 to 20 folds.");
                }

                return parse.GetValue(check) is { } which ? Check(options, which)
                    : parse.GetValue(sweep) is { Length: > 0 } axes ? await SweepAsync(options, axes, parse.GetValue(walkForward), cancellationToken).ConfigureAwait(false)
                    : await RunAsync(options, parse.GetValue(output), parse.GetValue(htmlReport), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CliException or ArgumentException or OptionsValidationException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or BinanceResponseException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ex is CliException cli ? cli.ExitCode : ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(BacktestOptions options, string? output, string? html, CancellationToken cancellationToken)
    {
        var result = await Backtester.RunAsync(options, cancellationToken).ConfigureAwait(false);
        ConsoleReport.Write(AnsiConsole.Console, result);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Bars:N0} bars in {result.Elapsed.TotalSeconds:0.00} s: {result.BarsPerSecond:N0} bars/s."));
        if (output is not null)
        {
            foreach (var file in await ReportWriter.WriteAsync(result, output, cancellationToken).ConfigureAwait(false))
            {
                AnsiConsole.WriteLine($"Wrote {file}");
            }
        }

        if (html is not null)
        {
            await ReportWriter.WriteHtmlAsync(result, html, cancellationToken).ConfigureAwait(false);
            AnsiConsole.WriteLine($"Wrote {html}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> SweepAsync(BacktestOptions options, string[] axes, int folds, CancellationToken cancellationToken)
    {
        var name = Backtester.Strategy(options).Name;
        var report = await Sweep.RunAsync(options, [.. axes.Select(a => Sweep.Axis(a, name))], folds, cancellationToken).ConfigureAwait(false);
        var market = options.IsSynthetic ? " (SYNTHETIC market)" : string.Empty;
        var grid = new Table { Title = new TableTitle(Markup.Escape($"{name}: {report.Points} points, return per part{market}")) };
        grid.AddColumn("Settings");
        foreach (var (start, end) in report.Parts)
        {
            grid.AddColumn(Markup.Escape($"{start:yyyy-MM-dd HH:mm} → {end:yyyy-MM-dd HH:mm}"));
        }

        grid.AddColumn("Trades");
        foreach (var point in report.Grid)
        {
            grid.AddRow([Markup.Escape(Text(point.Settings)), .. point.Returns.Select(ReportTables.Percent), point.Trades.ToString(CultureInfo.InvariantCulture)]);
        }

        AnsiConsole.Write(grid);
        foreach (var skipped in report.Skipped)
        {
            AnsiConsole.WriteLine($"Skipped: {skipped}");
        }

        if (report.Folds.Count > 0)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape($"Walk-forward, {report.Folds.Count} folds: the in-sample choice out of sample")) };
            table.AddColumns("Fold", "In-sample", "Chosen", "IS return", "OOS return", "OOS rank of the choice", "OOS best", "OOS best return");
            foreach (var fold in report.Folds)
            {
                table.AddRow(
                    fold.Fold.ToString(CultureInfo.InvariantCulture), Markup.Escape($"{fold.InSample.From:yyyy-MM-dd HH:mm} → {fold.OutOfSample.To:yyyy-MM-dd HH:mm}"), Markup.Escape(Text(fold.Chosen)),
                    ReportTables.Percent(fold.InSampleReturn), ReportTables.Percent(fold.OutOfSampleReturn), $"{fold.OutOfSampleRank} of {report.Points}", Markup.Escape(Text(fold.OutOfSampleBest)), ReportTables.Percent(fold.OutOfSampleBestReturn));
            }

            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean out-of-sample rank of the in-sample choice: {report.Folds.Average(f => f.OutOfSampleRank):0.0} of {report.Points} (1 is best; {(report.Points + 1) / 2.0:0.0} is what chance gives)."));
        }

        return ExitCodes.Ok;

        static string Text(IReadOnlyDictionary<string, string> settings) => string.Join(", ", settings.Select(s => $"{s.Key.Split("__")[^1]}={s.Value}"));
    }

    private static int Check(BacktestOptions options, string which)
    {
        var strategy = Backtester.Strategy(options);
        var failed = false;
        foreach (var symbol in options.Symbols)
        {
            var history = Backtester.Candles(options, symbol).ToList();
            var result = which switch
            {
                "recursive" => BiasChecks.Recursive(strategy, symbol, history),
                "lookahead" => BiasChecks.Lookahead(strategy, symbol, history),
                _ => throw new CliException(ExitCodes.Usage, $"--check '{which}': recursive or lookahead."),
            };
            failed |= !result.Passed;
            Console.Out.WriteLine($"{result.Name} check of {strategy.Name} on {symbol}{(options.IsSynthetic ? " (SYNTHETIC market)" : string.Empty)}: {(result.Passed ? "passed" : "FAILED")}, {result.Compared} signals compared{(result.Note is { } note ? $" ({note})" : string.Empty)}.");
            foreach (var problem in result.Problems.Take(20))
            {
                Console.Out.WriteLine($"  {problem}");
            }
        }

        return failed ? ExitCodes.Problem : ExitCodes.Ok;
    }

    private static KeyValuePair<string, string> Setting(string text) =>
        text.Split('=', 2) is [{ Length: > 0 } key, var value]
            ? new(key.Trim(), value.Trim())
            : throw new CliException(ExitCodes.Usage, $"--set '{text}': expected Key=Value, e.g. Strategy__MaCrossover__FastPeriod=8.");

    private static DateTimeOffset Day(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
            ? day
            : throw new CliException(ExitCodes.Usage, $"{option} '{text}': expected a date such as 2026-01-01.");

    private static bool FeesInBnb(string asset) => asset.ToUpperInvariant() switch
    {
        "RECEIVED" => false,
        "BNB" => true,
        _ => throw new CliException(ExitCodes.Usage, $"--fee-asset '{asset}': received or BNB."),
    };
}
