using FunctionsBot.Binance;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Functions.Alerts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
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
        AddAlertChannels(services);
        services.AddHealthChecks();
        services.AddSingleton<Health.HealthReportCache>();
        services.AddSingleton<HealthLedger>();
        services.AddSingleton<Functions.Http.Caller>();
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
            Add<ReconciliationHealthCheck>("reconciliation", HealthStatus.Degraded);
            Add<AlertsHealthCheck>("alerts", HealthStatus.Degraded);
            Add<ProtectionHealthCheck>("protection", HealthStatus.Degraded);

            void Add<T>(string name, HealthStatus failureStatus)
                where T : class, IHealthCheck =>
                checks.Registrations.Add(new HealthCheckRegistration(name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), failureStatus, null, timeout));
        });
        return services;
    }

    /// <summary>
    /// The webhook and Telegram receivers, each on its own HTTP client: no request logging (a webhook URL or the bot
    /// token may be a secret), a 5 s attempt timeout, and two retries with back-off on 5xx, 408, 429 and transport errors.
    /// </summary>
    private static void AddAlertChannels(IServiceCollection services)
    {
        foreach (var name in new[] { WebhookChannel.ClientName, TelegramChannel.ClientName })
        {
            services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers()
                .AddResilienceHandler(name, pipeline =>
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, BackoffType = DelayBackoffType.Exponential, UseJitter = true, Delay = TimeSpan.FromMilliseconds(500) });
                    pipeline.AddTimeout(TimeSpan.FromSeconds(5));
                });
        }

        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramTokenValidator>();
        services.TryAddSingleton<TelegramToken>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, WebhookChannel>(sp => new WebhookChannel(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookChannel.ClientName), sp.GetRequiredService<IOptions<AlertOptions>>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, TelegramChannel>(sp => new TelegramChannel(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(TelegramChannel.ClientName), sp.GetRequiredService<IOptions<TelegramOptions>>(), sp.GetRequiredService<TelegramToken>())));
    }
}
