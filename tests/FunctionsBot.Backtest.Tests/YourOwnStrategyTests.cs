using FunctionsBot.Backtest.Engine;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyStrategies;

namespace FunctionsBot.Backtest.Tests;

/// <summary>The strategy of docs/strategies.md (samples/MyStrategies): its own test, and the bot running it.</summary>
public sealed class YourOwnStrategyTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BandBreakout_EntersOnTheBreak_AndExitsBackInTheBand()
    {
        var strategy = new BandBreakout(Options.Create(new BandBreakoutOptions { Period = 5 }));
        var flat = Enumerable.Range(0, 6).Select(i => Candle(i, 100m + (i % 2))).ToList();

        Assert.Equal(Signal.Enter, strategy.Decide(new("BTCUSDT", [.. flat, Candle(6, 110m)], null, DateTimeOffset.UtcNow)).Signal);
        Assert.Equal(Signal.Hold, strategy.Decide(new("BTCUSDT", [.. flat, Candle(6, 100.5m)], null, DateTimeOffset.UtcNow)).Signal);
    }

    [Fact]
    public async Task BandBreakout_RegisteredLikeABuiltIn_TradesThroughTheBotsStages_AndPassesTheChecks()
    {
        var options = new BacktestOptions { Symbols = ["BTCUSDT"], From = Start, To = Start.AddDays(2), Settings = new Dictionary<string, string> { ["Strategy__Name"] = "BandBreakout" } };

        var result = await Backtester.RunAsync(options, TestContext.Current.CancellationToken, services => services.AddStrategy<BandBreakout, BandBreakoutOptions>());
        var history = Backtester.Candles(options, "BTCUSDT").ToList();
        var strategy = new BandBreakout(Options.Create(new BandBreakoutOptions()));

        Assert.Equal("BandBreakout", result.Strategy);
        Assert.NotEmpty(result.Trades);
        Assert.All(result.Trades, t => Assert.Equal("band-break", t.Tag));
        Assert.True(BiasChecks.Recursive(strategy, "BTCUSDT", history).Passed);
        Assert.True(BiasChecks.Lookahead(strategy, "BTCUSDT", history).Passed);
    }

    /// <summary>A strategy asking for more than the rules allow is refused by them, as any entry is.</summary>
    [Fact]
    public async Task AStrategyAskingTooMuch_IsRefusedByTheRiskRules()
    {
        var options = new BacktestOptions { Symbols = ["BTCUSDT"], From = Start, To = Start.AddHours(6), Settings = new Dictionary<string, string> { ["Strategy__Name"] = "Greedy" } };

        var result = await Backtester.RunAsync(options, TestContext.Current.CancellationToken, services => services.AddSingleton<IStrategy, Greedy>());

        Assert.Empty(result.Fills);
        Assert.True(result.Refusals.GetValueOrDefault("TradeTooLarge") > 100, string.Join(", ", result.Refusals));
    }

    private static Candle Candle(int i, decimal close) => new(i * 60_000L, close, close, close, close, 1m, (i * 60_000L) + 59_999);

    /// <summary>Enters every candle with 1,000 quote, ten times <c>Risk__MaxTradeQuote</c>.</summary>
    private sealed class Greedy : IStrategy
    {
        public string Name => "Greedy";

        public int WarmUp => 1;

        public StrategyDecision Decide(StrategyInput input) => StrategyDecision.Enter("all-in", quoteSize: 1_000m);
    }
}
