using FunctionsBot.Backtest.Engine;

namespace FunctionsBot.Backtest.Tests;

/// <summary>Parameter sweeps with walk-forward folds, checked against single backtests of the same points and windows.</summary>
public sealed class SweepTests
{
    [Fact]
    public void Axis_ParsesRangesAndLists_AndRefusesNonsense()
    {
        Assert.Equal(new[] { "5", "10", "15", "20" }, Sweep.Axis("FastPeriod=5..20:5", "MaCrossover").Values);
        Assert.Equal("Strategy__MaCrossover__FastPeriod", Sweep.Axis("FastPeriod=5..20:5", "MaCrossover").Key);
        Assert.Equal(new[] { "0.5", "1", "2" }, Sweep.Axis("Risk__MaxLossPerTradeQuote=0.5,1,2", "MaCrossover").Values);
        Assert.Equal("Risk__MaxLossPerTradeQuote", Sweep.Axis("Risk__MaxLossPerTradeQuote=0.5,1,2", "MaCrossover").Key);
        Assert.Throws<ArgumentException>(() => Sweep.Axis("FastPeriod=20..5:5", "MaCrossover"));
        Assert.Throws<ArgumentException>(() => Sweep.Axis("FastPeriod=5..20:0", "MaCrossover"));
        Assert.Throws<ArgumentException>(() => Sweep.Axis("FastPeriod", "MaCrossover"));
    }

    [Fact]
    public async Task WalkForward_ChoosesInSample_RanksOutOfSample_AsSingleBacktestsSay()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new BacktestOptions
        {
            Symbols = ["BTCUSDT"],
            From = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero),
            Settings = new Dictionary<string, string> { ["Strategy__TradeQuote"] = "50" },
        };

        var report = await Sweep.RunAsync(options, [Sweep.Axis("FastPeriod=4..20:4", "MaCrossover")], 2, ct);

        Assert.Equal(4, report.Points); // 20 is not under the slow period (20): skipped, and said why
        Assert.Contains(report.Skipped, s => s.Contains("Strategy__MaCrossover__FastPeriod (20)", StringComparison.Ordinal));
        Assert.Equal(3, report.Parts.Count);
        Assert.Equal(2, report.Folds.Count);
        foreach (var fold in report.Folds)
        {
            // The in-sample choice is the best of the grid in its part; its out-of-sample return and rank are what a
            // backtest of that point on the next part alone gives.
            var inSample = report.Grid.Select(p => p.Returns[fold.Fold - 1]).Max();
            Assert.Equal(inSample, fold.InSampleReturn);
            var single = await Backtester.RunAsync(
                options with { From = fold.OutOfSample.From, To = fold.OutOfSample.To, Settings = new Dictionary<string, string>(options.Settings) { ["Strategy__MaCrossover__FastPeriod"] = fold.Chosen["Strategy__MaCrossover__FastPeriod"] } },
                ct);
            Assert.Equal(single.TotalReturn, fold.OutOfSampleReturn);
            Assert.Equal(1 + report.Grid.Count(p => p.Returns[fold.Fold] > fold.OutOfSampleReturn), fold.OutOfSampleRank);
        }
    }
}
