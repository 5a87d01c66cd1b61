using System.Globalization;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance;

/// <summary>
/// The exchange as the trading process saw it at the end of its last cycle (read from the ledger: on Flex
/// Consumption this check runs on an instance that makes no trading calls), plus one ping from this instance.
/// Unhealthy while the exchange refuses the key pair on signed calls, or bans the IP (418) or asks for a back-off
/// longer than <c>Alerts__BackOffMinutes</c>: then nothing trades, protects or reads fills. Degraded during a short
/// back-off, while the keys cannot be read from Key Vault or filters are served past their TTL, or when the exchange
/// does not answer the ping.
/// </summary>
public sealed class ExchangeHealthCheck(BinanceSpotClient client, HealthLedger ledger, IOptions<AlertOptions> alerts, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The ping and the ledger read go out together: the check costs one round trip, not two.
        var ping = PingAsync(cancellationToken);
        var state = (await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false)).State?.Value;
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var blind = new List<string>();
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
            data["backOffStatus"] = status.BackOffStatus?.ToString(CultureInfo.InvariantCulture) ?? "none";
            data["keysRefused"] = status.KeysRefused ?? "no";
            if (status.KeysRefused is { } refused)
            {
                blind.Add($"the exchange refuses the bot's API key on signed calls since {Text(status.KeysRefusedAt)} ({refused}). "
                    + "Put the key pair the exchange knows into Key Vault (a key rotated at Binance must be rotated in Key Vault too), "
                    + "and check the key's IP allow-list holds the app's outbound addresses and its permissions allow Spot trading");
            }

            if (status.LongBackOff(now, TimeSpan.FromMinutes(alerts.Value.BackOffMinutes)) is { } banned)
            {
                blind.Add($"{banned}: every account behind this IP is blind until then");
            }
            else if (status.BackOffUntil > now)
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

        return blind.Count > 0 ? HealthCheckResult.Unhealthy(string.Join("; ", blind.Concat(problems)) + ".", data: data)
            : problems.Count == 0 ? HealthCheckResult.Healthy("The exchange answers and accepts the keys; the trader is not backing off; filters are fresh.", data)
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
