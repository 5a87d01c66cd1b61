using FunctionsBot.Binance;
using FunctionsBot.Core;
using FunctionsBot.Core.Health;
using FunctionsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions;

public static class FunctionsBotServiceCollectionExtensions
{
    /// <summary>
    /// The whole composition of the bot, shared by the Functions worker and the DevHost:
    /// validated settings, Core services, the storage adapters, the exchange client and the health checks.
    /// </summary>
    public static IServiceCollection AddFunctionsBot(this IServiceCollection services)
    {
        services.AddBotCore().AddTableLedger().AddBinanceSpotClient();
        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<HealthOptions>>((checks, health) =>
        {
            var timeout = TimeSpan.FromSeconds(health.Value.CheckTimeoutSeconds);
            Add<StorageHealthCheck>("storage", HealthStatus.Unhealthy);
            Add<LedgerHealthCheck>("ledger", HealthStatus.Unhealthy);
            Add<LastCycleHealthCheck>("lastCycle", HealthStatus.Unhealthy);
            Add<KillSwitchHealthCheck>("killSwitch", HealthStatus.Degraded);
            Add<RiskHealthCheck>("risk", HealthStatus.Unhealthy);
            Add<ExchangeHealthCheck>("exchange", HealthStatus.Degraded);
            Add<ConfigurationHealthCheck>("configuration", HealthStatus.Unhealthy);

            void Add<T>(string name, HealthStatus failureStatus)
                where T : class, IHealthCheck =>
                checks.Registrations.Add(new HealthCheckRegistration(name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), failureStatus, null, timeout));
        });
        return services;
    }
}
