using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Locks;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Strategy.BuiltIn;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the validated settings, the cycle, risk rules, strategies and the kill switch. Adapters for the ports come from other projects.</summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services)
    {
        services.AddSettings<BotOptions>()
            .AddSettings<RiskOptions>()
            .AddSettings<TradeCycleOptions>()
            .AddSettings<HealthOptions>()
            .AddSettings<StrategyOptions>()
            .AddSettings<DiagnosticsOptions>()
            .AddSettings<ReconcileOptions>()
            .AddSettings<AlertOptions>()
            .AddSettings<TelegramOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<DiagnosticsOptions>, CrashDrillGuard>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BotMetrics>();
        services.TryAddSingleton<LedgerUpdater>();
        services.TryAddSingleton<KillSwitchService>();
        services.TryAddSingleton<CycleJournal>();
        services.TryAddSingleton<BookingMarketReader>();
        services.TryAddSingleton<IntentLedger>();
        services.TryAddSingleton<IntentRecovery>();
        services.TryAddSingleton<TradeDecider>();
        services.TryAddSingleton<OrderPlanner>();
        services.TryAddSingleton<OrderExecutor>();
        services.TryAddSingleton<ProtectionKeeper>();
        services.TryAddSingleton<RecoveryGrace>();
        services.TryAddSingleton<ListWatch>();
        services.TryAddSingleton<SymbolTrader>();
        services.TryAddSingleton<CyclePipeline>();
        services.TryAddSingleton<TradeCycleRunner>();
        services.TryAddSingleton<CrashInjector>();
        services.TryAddSingleton<LockService>();
        services.TryAddSingleton<Reconciler>();
        services.TryAddSingleton<CorrectionService>();
        services.TryAddSingleton(sp => AlertRules.From(
            sp.GetRequiredService<IOptions<AlertOptions>>().Value, sp.GetRequiredService<IOptions<RiskOptions>>().Value,
            sp.GetRequiredService<IOptions<StrategyOptions>>().Value, sp.GetRequiredService<IOptions<BotOptions>>().Value));
        services.TryAddSingleton<AlertDispatcher>();
        services.AddStrategy<MaCrossover, MaCrossoverOptions>()
            .AddStrategy<RsiReversion, RsiReversionOptions>()
            .AddStrategy<DonchianBreakout, DonchianBreakoutOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrategyOptions>, StrategyNameValidator>());

        // The risk rules, in the order they are asked; the first refusal wins.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, KillSwitchRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, CircuitBreakerRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, AllowedSymbolsRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, CooldownRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, DailyLossLimitRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, PerTradeLimitRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, MaxOpenPositionsRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskRule, FreeBalanceReserveRule>());
        services.TryAddSingleton<RiskManager>();
        return services;
    }
}
