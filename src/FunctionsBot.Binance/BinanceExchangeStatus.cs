using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance;

/// <summary>The client's rate-limit state, last failure, key source and filter cache, for the cycle to persist.</summary>
public sealed class BinanceExchangeStatus(BinanceSpotClient client, ExchangeInfoCache cache, IExchangeCredentials credentials, TimeProvider time) : IExchangeStatusSource
{
    public ExchangeStatus Current()
    {
        var stats = cache.Stats();
        var vault = credentials as KeyVaultExchangeCredentials;
        return new ExchangeStatus(
            time.GetUtcNow(),
            client.UsedWeight1M,
            client.BlockedUntil,
            client.LastFailure?.Message,
            client.LastFailure?.At,
            vault is null ? "Settings" : "KeyVault",
            vault?.FetchedAt,
            vault?.ServingCachedBecause,
            stats.Entries.Count == 0 ? null : Math.Round(stats.Entries.Max(e => e.Age).TotalSeconds),
            stats.ServingStale ? stats.LastRefreshError ?? "refresh failed" : null,
            stats.Hits,
            stats.Misses,
            client.BlockedBy,
            client.KeysRefused?.Message,
            client.KeysRefused?.At);
    }
}
