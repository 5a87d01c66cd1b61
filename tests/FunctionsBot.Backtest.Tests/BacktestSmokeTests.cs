using FunctionsBot.Backtest.Engine;

namespace FunctionsBot.Backtest.Tests;

public sealed class BacktestSmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        var result = await Backtester.RunAsync(
            new BacktestOptions { Symbols = ["BTCUSDT", "ETHUSDT"], From = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero) },
            TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper!.WriteLine($"bars {result.Bars} trades {result.Trades.Count} fills {result.Fills.Count} return {result.TotalReturn:P3} dd {result.Curve.MaxDrawdown:P3} {result.BarsPerSecond:N0} bars/s open {result.Open.Count}");
        foreach (var (k, v) in result.AuditCounts)
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"audit {k} {v}");
        }

        foreach (var (k, v) in result.Refusals)
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"refused {k} {v}");
        }

        foreach (var t in result.Trades.Take(10))
        {
            TestContext.Current.TestOutputHelper!.WriteLine(t.ToString());
        }

        foreach (var (k, v) in result.Balances)
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"{k} {v}");
        }

        Assert.True(result.Bars > 0);
    }
}
