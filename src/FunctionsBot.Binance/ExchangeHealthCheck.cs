using System.Globalization;
using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Binance;

/// <summary>
/// The exchange answers a ping, the client is not backing off after a 429/418, the exchangeInfo cache is
/// not serving stale entries, and Key Vault (when the keys come from it) was readable at the last attempt.
/// Any of these is degraded: the bot runs but cannot trade safely.
/// </summary>
public sealed class ExchangeHealthCheck(BinanceSpotClient client, ExchangeInfoCache cache, IExchangeCredentials credentials, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = cache.Stats();
        var data = new Dictionary<string, object>
        {
            ["usedWeight1M"] = client.UsedWeight1M,
            ["orderCount10S"] = client.OrderCounts.TenSeconds,
            ["orderCount1D"] = client.OrderCounts.Day,
            ["serverTimeOffsetMs"] = Math.Round(client.ServerTimeOffset.TotalMilliseconds),
            ["exchangeInfoHits"] = stats.Hits,
            ["exchangeInfoMisses"] = stats.Misses,
            ["exchangeInfoExpirations"] = stats.Expirations,
            ["exchangeInfoRefreshFailures"] = stats.RefreshFailures,
            ["exchangeInfoEntries"] = stats.Entries.Select(e => $"{e.Symbol} {e.Age.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{(e.Stale ? " (stale)" : string.Empty)}").ToList(),
        };
        var vault = credentials as KeyVaultExchangeCredentials;
        if (vault is not null)
        {
            data["credentials"] = vault.FetchedAt is { } fetched
                ? string.Create(CultureInfo.InvariantCulture, $"Key Vault, read {(time.GetUtcNow() - fetched).TotalSeconds:0} s ago")
                : "Key Vault, not read yet (read on the first signed call)";
        }

        if (client.BlockedUntil is { } until)
        {
            return HealthCheckResult.Degraded($"Backing off after a rate limit until {until:O}.", data: data);
        }

        try
        {
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BinanceApiException or BinanceResponseException)
        {
            return HealthCheckResult.Degraded($"The exchange did not answer a ping: {ex.Message}", data: data);
        }

        if (vault?.ServingCachedBecause is { } vaultFailure)
        {
            return HealthCheckResult.Degraded($"Using the key pair read earlier: {vaultFailure}", data: data);
        }

        return stats.ServingStale
            ? HealthCheckResult.Degraded($"Serving exchange filters past their TTL because refreshing failed: {stats.LastRefreshError}", data: data)
            : HealthCheckResult.Healthy("The exchange answers; filters are fresh.", data);
    }
}
