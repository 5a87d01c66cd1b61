using System.Net;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace FunctionsBot.Binance;

public static class BinanceServiceCollectionExtensions
{
    private const string HttpClientName = "binance";

    /// <summary>
    /// Registers <see cref="BinanceSpotClient"/> (with its resilience pipeline: per-attempt timeout and
    /// retries of safe GETs only), the <see cref="ExchangeInfoCache"/> and the exchange credentials: from
    /// Key Vault when <c>KeyVault__Uri</c> is set (a <see cref="SecretClient"/> registered first is used, as
    /// tests do), otherwise from configuration; an <see cref="IExchangeCredentials"/> registered first wins.
    /// </summary>
    public static IServiceCollection AddBinanceSpotClient(this IServiceCollection services)
    {
        services.AddSettings<BinanceOptions>();
        services.AddSingleton<IValidateOptions<BinanceOptions>, BinanceModeValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServerClock>();
        services.TryAddSingleton<RateLimitGate>();
        services.AddSettings<KeyVaultOptions>();
        services.TryAddSingleton(sp => new SecretClient(
            new Uri(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.Uri),
            new DefaultAzureCredential(), // AZURE_CLIENT_ID selects the app's user-assigned identity
            new SecretClientOptions { Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(10) } }));
        services.TryAddSingleton<IExchangeCredentials>(sp => sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.IsConfigured
            ? ActivatorUtilities.CreateInstance<KeyVaultExchangeCredentials>(sp)
            : ActivatorUtilities.CreateInstance<ConfigurationExchangeCredentials>(sp));

        // Polly reports every attempt at Information (one line per exchange call); retries and failures stay visible.
        services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));

        services.AddHttpClient(HttpClientName, (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<BinanceOptions>>().Value.ResolveBaseUrl(sp.GetRequiredService<IOptions<BotOptions>>().Value.Mode);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers() // the factory's request logs would print signed query strings
            .AddResilienceHandler("binance-pipeline", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<BinanceOptions>>().Value;
                var attempt = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
                pipeline.AddTimeout(attempt * (options.MaxGetRetries + 1) + TimeSpan.FromSeconds(options.MaxGetRetries * 2));
                if (options.MaxGetRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxGetRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(IsRetriable(args.Context, args.Outcome)),
                    });
                }

                pipeline.AddTimeout(attempt);
            });

        services.TryAddSingleton(sp => new BinanceSpotClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IExchangeCredentials>(),
            sp.GetRequiredService<ServerClock>(),
            sp.GetRequiredService<RateLimitGate>(),
            sp.GetRequiredService<IOptionsMonitor<BinanceOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BinanceSpotClient>>()));
        services.TryAddSingleton(sp => new ExchangeInfoCache(
            sp.GetRequiredService<BinanceSpotClient>(),
            sp.GetRequiredService<IOptionsMonitor<BinanceOptions>>(),
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ExchangeInfoCache>>()));
        services.TryAddSingleton(sp => new BinanceExchange(
            sp.GetRequiredService<BinanceSpotClient>(), sp.GetRequiredService<ExchangeInfoCache>(), sp.GetRequiredService<IOptionsMonitor<BinanceOptions>>()));
        services.TryAddSingleton<IExchangeStatusSource>(sp => new BinanceExchangeStatus(
            sp.GetRequiredService<BinanceSpotClient>(), sp.GetRequiredService<ExchangeInfoCache>(), sp.GetRequiredService<IExchangeCredentials>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IExchangeAccount>(sp => sp.GetRequiredService<BinanceExchange>());
        services.TryAddSingleton<IProtectiveOrders>(sp => sp.GetRequiredService<BinanceExchange>());
        services.TryAddSingleton<IExchange>(sp => sp.GetRequiredService<IOptions<BotOptions>>().Value.Mode == TradingMode.Paper
            ? new PaperExchange(sp.GetRequiredService<BinanceExchange>(), sp.GetRequiredService<IOptions<BotOptions>>().Value.QuoteAsset, sp.GetRequiredService<IOptions<BinanceOptions>>().Value.PaperQuoteBalance)
            : sp.GetRequiredService<BinanceExchange>());
        return services;
    }

    /// <summary>Only a GET is retried, only on a transient failure, never on 429/418 (the gate handles those).</summary>
    internal static bool IsRetriable(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request?.Method != HttpMethod.Get)
        {
            return false;
        }

        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            return status >= 500 || status == 408;
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException;
    }
}
