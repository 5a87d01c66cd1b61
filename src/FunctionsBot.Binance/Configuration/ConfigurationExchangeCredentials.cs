using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Configuration;

/// <summary>Credentials from <c>Binance__ApiKey</c> / <c>Binance__ApiSecret</c> (local development).</summary>
internal sealed class ConfigurationExchangeCredentials(IOptionsMonitor<BinanceOptions> options) : IExchangeCredentials
{
    public ValueTask<ExchangeCredentials> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ExchangeCredentials(options.CurrentValue.ApiKey, options.CurrentValue.ApiSecret));

    public void Invalidate()
    {
        // Configuration is re-read on every call; nothing is cached.
    }
}
