using System.Diagnostics;
using FunctionsBot.Backtest.Engine;
using Spectre.Console;

namespace FunctionsBot.Bench;

/// <summary>
/// Backtest speed through the full stages: bars per second and peak memory for 1 symbol and for 10 symbols over the same
/// span of 1m candles (synthetic market), side by side, each in a process state of its own as far as one process allows
/// (a full GC between runs; peak working set sampled while it runs), after an unmeasured warm-up run.
/// </summary>
internal static class BacktestBench
{
    public static async Task<int> RunAsync(int days, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("Symbols", "Span", "Bars", "Seconds", "Bars/s", "Trades", "Peak working set (MiB)", "Managed heap after (MiB)", "Allocated/bar (B)", "Gen0/1/2 GCs");
        // A short run first, not measured: the runs below time the backtest, not the JIT.
        var warmUp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Backtester.RunAsync(new BacktestOptions { Symbols = ["BTCUSDT", "ETHUSDT"], From = warmUp, To = warmUp.AddDays(2) }, cancellationToken).ConfigureAwait(false);
        var symbols = new[] { "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "LTCUSDT", "DOTUSDT", "LINKUSDT" };
        foreach (var count in new[] { 1, 10 })
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var process = Process.GetCurrentProcess();
            var (allocated, gcs) = (GC.GetTotalAllocatedBytes(precise: true), (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)));
            long peak = 0;
            using var sampler = new Timer(_ =>
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }, null, 0, 100);
            var result = await Backtester.RunAsync(new BacktestOptions { Symbols = symbols[..count], From = from, To = from.AddDays(days) }, cancellationToken).ConfigureAwait(false);
            table.AddRow(
                count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{days} d", result.Bars.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), result.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
                result.BarsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), result.Trades.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (peak / 1048576.0).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                (GC.GetTotalMemory(false) / 1048576.0).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                ((GC.GetTotalAllocatedBytes(precise: true) - allocated) / result.Bars).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                $"{GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}");
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 200; // a log or a pipe: one row per line
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
