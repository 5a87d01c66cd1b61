using FunctionsBot.Backtest.Engine;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Backtest.Tests;

/// <summary>The recursive and lookahead checks: the built-in strategies pass; a strategy that peeks is caught by each.</summary>
public sealed class BiasCheckTests
{
    private static readonly BacktestOptions Market = new()
    {
        Symbols = ["BTCUSDT"],
        From = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData("MaCrossover")]
    [InlineData("RsiReversion")]
    [InlineData("DonchianBreakout")]
    public void TheBuiltIns_PassBothChecks(string name)
    {
        var strategy = Backtester.Strategy(Market with { Settings = new Dictionary<string, string> { ["Strategy__Name"] = name } });
        var history = Backtester.Candles(Market, "BTCUSDT").ToList();

        var recursive = BiasChecks.Recursive(strategy, "BTCUSDT", history);
        var lookahead = BiasChecks.Lookahead(strategy, "BTCUSDT", history);

        Assert.True(recursive.Passed, string.Join(Environment.NewLine, recursive.Problems));
        Assert.True(lookahead.Passed, string.Join(Environment.NewLine, lookahead.Problems));
        Assert.True(recursive.Compared >= 100 && lookahead.Compared >= 5, $"{recursive.Compared} / {lookahead.Compared} compared");
    }

    [Fact]
    public void AStrategyThatPeeks_IsCaughtByEachCheck()
    {
        var history = Backtester.Candles(Market, "BTCUSDT").ToList();

        var recursive = BiasChecks.Recursive(new Peeking(), "BTCUSDT", history);
        var lookahead = BiasChecks.Lookahead(new Peeking(), "BTCUSDT", history);

        TestContext.Current.TestOutputHelper?.WriteLine($"recursive: {recursive.Problems.Count} of {recursive.Compared} differ, e.g. {recursive.Problems.FirstOrDefault()}");
        TestContext.Current.TestOutputHelper?.WriteLine($"lookahead: {lookahead.Problems.Count} of {lookahead.Compared} differ, e.g. {lookahead.Problems.FirstOrDefault()}");
        Assert.False(recursive.Passed);
        Assert.False(lookahead.Passed);
        Assert.Contains("with the whole history", lookahead.Problems[0], StringComparison.Ordinal);
    }

    /// <summary>
    /// Normalizes by the mean of every candle it can reach: the array behind the list it was handed, the whole data set when
    /// it can (the classic lookahead of fitting on all the data), so its signals depend on more than its window.
    /// </summary>
    private sealed class Peeking : IStrategy
    {
        public string Name => "Peeking";

        public int WarmUp => 20;

        public StrategyDecision Decide(StrategyInput input)
        {
            IReadOnlyList<Candle> all = input.Candles is ArraySegment<Candle> segment ? segment.Array! : input.Candles;
            if (input.Candles.Count < 2)
            {
                return StrategyDecision.Hold;
            }

            var mean = all.Average(c => c.Close);
            var (before, now) = (input.Candles[^2].Close, input.Candles[^1].Close);
            return before <= mean && now > mean ? StrategyDecision.Enter("above-mean") : before >= mean && now < mean ? StrategyDecision.Exit("below-mean") : StrategyDecision.Hold;
        }
    }
}
