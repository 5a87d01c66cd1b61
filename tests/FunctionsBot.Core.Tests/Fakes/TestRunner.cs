using FunctionsBot.Core.Strategy.BuiltIn;
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
        ProtectionMode protection = ProtectionMode.Bot, StrategyOptions? strategyOptions = null)
    {
        var bot = Options.Create(new BotOptions { Account = "main", Symbols = symbols });
        var riskOptions = Options.Create(risk ?? new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0 });
        // MARKET entries unless a test asks otherwise: the figures of these tests were worked out for them; LIMIT IOC and OPOCO entries have their own.
        var strategy = Options.Create(strategyOptions ?? new StrategyOptions { Protection = protection, EntryOrderType = EntryOrderType.Market });
        metrics ??= TestMetrics.Create();
        var updater = new LedgerUpdater(ledger, metrics);
        var journal = new CycleJournal(ledger, updater, riskOptions, time, metrics, NullLogger<CycleJournal>.Instance);
        var markets = new BookingMarketReader(exchange, journal, bot);
        var crash = new CrashInjector(Options.Create(new DiagnosticsOptions()));
        var intents = new IntentLedger(journal, strategy, riskOptions, crash, time, NullLogger<IntentLedger>.Instance);
        var keeper = new ProtectionKeeper(strategy, bot, time);
        var planner = new OrderPlanner(markets, TestRisk.Manager(riskOptions.Value, bot.Value), journal, intents, keeper, riskOptions, strategy, time);
        var executor = new OrderExecutor(exchange, exchange, intents, journal, crash, NullLogger<OrderExecutor>.Instance);
        var lists = new ListWatch(exchange, exchange, markets, intents, journal, NullLogger<ListWatch>.Instance);
        var recovery = new IntentRecovery(exchange, exchange, markets, intents, lists, new RecoveryGrace(riskOptions, time), NullLogger<IntentRecovery>.Instance);
        var trader = new SymbolTrader(
            new TradeDecider(exchange, [new MaCrossover(Options.Create(new MaCrossoverOptions()))], strategy, journal, time), planner, executor, lists, keeper, markets, intents);
        return new TradeCycleRunner(
            cycleLock, journal, new CyclePipeline(journal, recovery, lists, trader, executor, bot), bot, metrics, time, NullLogger<TradeCycleRunner>.Instance);
    }
}
