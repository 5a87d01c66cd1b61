using System.Diagnostics;
using FunctionsBot.Backtest.Engine;
using Spectre.Console;

namespace FunctionsBot.Bench;

/// <summary>
/// Backtest speed through the full stages: bars per second and peak memory for 1 symbol and for 10 symbols over the same
/// span of 1m candles (synthetic market), side by side, each in a process state of its own as far as one process allows
/// (a full GC between runs; peak working set sampled while it runs).
/// </summary>
internal static class BacktestBench
{
    public static async Task<int> RunAsync(int days, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("Symbols", "Span", "Bars", "Seconds", "Bars/s", "Trades", "Peak working set (MiB)", "Managed heap after (MiB)");
        var symbols = new[] { "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "LTCUSDT", "DOTUSDT", "LINKUSDT" };
        foreach (var count in new[] { 1, 10 })
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var process = Process.GetCurrentProcess();
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
                (GC.GetTotalMemory(false) / 1048576.0).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
