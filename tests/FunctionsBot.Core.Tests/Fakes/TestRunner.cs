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
        FakeCycleLock cycleLock, InMemoryLedgerStore ledger, FakeExchange exchange, TimeProvider time, RiskOptions? risk = null, string symbols = "BTCUSDT", BotMetrics? metrics = null,
        ProtectionMode protection = ProtectionMode.Bot)
    {
        var bot = Options.Create(new BotOptions { Account = "main", Symbols = symbols });
        var riskOptions = Options.Create(risk ?? new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0 });
        var strategy = Options.Create(new StrategyOptions { Protection = protection });
        metrics ??= TestMetrics.Create();
        var updater = new LedgerUpdater(ledger, metrics);
        var journal = new CycleJournal(ledger, updater, riskOptions, time, metrics, NullLogger<CycleJournal>.Instance);
        var markets = new BookingMarketReader(exchange, bot);
        var crash = new CrashInjector(Options.Create(new DiagnosticsOptions()));
        var intents = new IntentLedger(journal, strategy, riskOptions, crash, time, NullLogger<IntentLedger>.Instance);
        var planner = new OrderPlanner(exchange, markets, TestRisk.Manager(riskOptions.Value, bot.Value), journal, intents, bot, riskOptions, strategy, time);
        var executor = new OrderExecutor(exchange, intents, journal, crash, NullLogger<OrderExecutor>.Instance);
        return new TradeCycleRunner(
            cycleLock,
            journal,
            new IntentRecovery(exchange, markets, intents, journal, riskOptions, time),
            new ProtectionKeeper(exchange, exchange, markets, intents, planner, executor, journal, crash, strategy, bot, riskOptions, time, NullLogger<ProtectionKeeper>.Instance),
            new TradeDecider(exchange, [new MovingAverageCrossoverStrategy(strategy)], strategy, journal),
            planner,
            executor,
            bot,
            metrics,
            time,
            NullLogger<TradeCycleRunner>.Instance);
    }
}
