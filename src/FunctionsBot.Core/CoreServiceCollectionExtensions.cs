using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the validated settings, the cycle and the kill switch. Adapters for the ports come from other projects.</summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services)
    {
        services.AddSettings<BotOptions>()
            .AddSettings<RiskOptions>()
            .AddSettings<TradeCycleOptions>()
            .AddSettings<HealthOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LedgerUpdater>();
        services.TryAddSingleton<KillSwitchService>();
        services.TryAddSingleton<TradeCycleRunner>();
        return services;
    }
}
