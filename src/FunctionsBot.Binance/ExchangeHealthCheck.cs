using System.Globalization;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Binance;

/// <summary>
/// The exchange as the trading process saw it at the end of its last cycle (read from the ledger: on Flex
/// Consumption this check runs on an instance that makes no trading calls), plus one ping from this instance.
/// Degraded while the trader backs off after a 429/418, cannot read its keys or serves filters past their TTL,
/// or when the exchange does not answer the ping.
/// </summary>
public sealed class ExchangeHealthCheck(BinanceSpotClient client, HealthLedger ledger, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The ping and the ledger read go out together: the check costs one round trip, not two.
        var ping = PingAsync(cancellationToken);
        var state = (await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false)).State?.Value;
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var data = new Dictionary<string, object>();
        if (state?.Exchange is { } status)
        {
            data["statusAgeSeconds"] = Math.Round((now - status.RecordedAt).TotalSeconds, 1);
            data["usedWeight1M"] = status.UsedWeight1M;
            data["backOffUntil"] = Text(status.BackOffUntil) ?? "none";
            data["lastError"] = status.LastError ?? "none";
            data["lastErrorAt"] = Text(status.LastErrorAt) ?? "none";
            data["credentials"] = status.Credentials;
            data["credentialsReadAt"] = Text(status.CredentialsReadAt) ?? "n/a";
            data["filtersOldestAgeSeconds"] = status.FiltersOldestAgeSeconds ?? -1;
            data["exchangeInfoHits"] = status.ExchangeInfoHits;
            data["exchangeInfoMisses"] = status.ExchangeInfoMisses;
            if (status.BackOffUntil > now)
            {
                problems.Add($"the trading process is backing off after a rate limit until {status.BackOffUntil:O}");
            }

            if (status.CredentialsProblem is { } vault)
            {
                problems.Add($"the trading process uses the key pair read earlier: {vault}");
            }

            if (status.FiltersProblem is { } filters)
            {
                problems.Add($"exchange filters are served past their TTL because refreshing failed: {filters}");
            }
        }
        else
        {
            problems.Add("no cycle has recorded the exchange's status yet");
        }

        if (state?.CredentialsProblem is { } credentials)
        {
            problems.Add($"signed calls are not sent: {credentials}");
        }

        if (await ping.ConfigureAwait(false) is { } unanswered)
        {
            problems.Add(unanswered);
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("The exchange answers; the trader is not backing off; keys and filters are fresh.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data);
    }

    /// <summary>Pings from this instance; the problem to report, or null when the exchange answered.</summary>
    private async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        if (client.BlockedUntil is { } until)
        {
            return $"this instance backs off until {until:O}, so it did not ping";
        }

        try
        {
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is BinanceApiException or BinanceResponseException)
        {
            return $"the exchange did not answer a ping: {ex.Message}";
        }
    }

    private static string? Text(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture);
}
