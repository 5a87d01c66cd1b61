using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>A <see cref="TradeCycleRunner"/> over fakes, composed like the app's.</summary>
internal static class TestRunner
{
    public static TradeCycleRunner Create(
        FakeCycleLock cycleLock, InMemoryLedgerStore ledger, FakeExchange exchange, TimeProvider time, RiskOptions? risk = null, string symbols = "BTCUSDT", BotMetrics? metrics = null)
    {
        var bot = Options.Create(new BotOptions { Account = "main", Symbols = symbols });
        var riskOptions = Options.Create(risk ?? new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0 });
        var strategy = Options.Create(new StrategyOptions());
        metrics ??= TestMetrics.Create();
        return new TradeCycleRunner(
            cycleLock, ledger, new LedgerUpdater(ledger, metrics), exchange, [new MovingAverageCrossoverStrategy(strategy)], TestRisk.Manager(riskOptions.Value, bot.Value),
            bot, riskOptions, strategy, new CrashInjector(Options.Create(new DiagnosticsOptions())), metrics, time, NullLogger<TradeCycleRunner>.Instance);
    }
}
