using System.Globalization;

namespace FunctionsBot.Core.Exchange;

/// <summary>
/// What the process that trades knew about the exchange when its cycle ended, persisted with the cycle record:
/// on Flex Consumption the health endpoint runs on other instances, which make no trading calls, so it reads
/// this instead of its own memory.
/// </summary>
/// <param name="RecordedAt">When the cycle took it.</param>
/// <param name="UsedWeight1M">Request weight used this minute, as the exchange last reported it.</param>
/// <param name="BackOffUntil">When calls may resume after a 429/418; null when not backing off.</param>
/// <param name="LastError">The last failed exchange call (endpoint and reason, never a signed query), or null.</param>
/// <param name="LastErrorAt">When it failed.</param>
/// <param name="Credentials">Where the keys come from: <c>KeyVault</c> or <c>Settings</c>.</param>
/// <param name="CredentialsReadAt">When the keys were last read from Key Vault; null from settings or not read yet.</param>
/// <param name="CredentialsProblem">Why the last Key Vault read failed while an earlier key pair is still used, or null.</param>
/// <param name="FiltersOldestAgeSeconds">Age of the oldest cached exchangeInfo entry; null before the first fetch.</param>
/// <param name="FiltersProblem">Why filters past their TTL are being served, or null.</param>
/// <param name="ExchangeInfoHits">exchangeInfo cache hits since the process started.</param>
/// <param name="ExchangeInfoMisses">exchangeInfo cache misses (fetches) since the process started.</param>
/// <param name="BackOffStatus">The status that asked for the back-off in force: 429 (rate limit) or 418 (the IP is banned); null when not backing off.</param>
/// <param name="KeysRefused">The last signed call, when the exchange refused the key pair (code and message, never the key); null once a signed call succeeds.</param>
/// <param name="KeysRefusedAt">When it was refused.</param>
public sealed record ExchangeStatus(
    DateTimeOffset RecordedAt,
    int UsedWeight1M,
    DateTimeOffset? BackOffUntil,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    string Credentials,
    DateTimeOffset? CredentialsReadAt,
    string? CredentialsProblem,
    double? FiltersOldestAgeSeconds,
    string? FiltersProblem,
    long ExchangeInfoHits,
    long ExchangeInfoMisses,
    int? BackOffStatus = null,
    string? KeysRefused = null,
    DateTimeOffset? KeysRefusedAt = null)
{
    /// <summary>
    /// Why no account behind this IP can trade for long, or null: the IP is banned (418), or a 429 asked for a back-off
    /// longer than <paramref name="longBackOff"/>. Either way the exchange is blind until the time passes.
    /// </summary>
    public string? LongBackOff(DateTimeOffset now, TimeSpan longBackOff) => BackOffUntil is { } until && until > now
        ? BackOffStatus == 418 ? $"the exchange banned this IP (HTTP 418) until {until:O}"
        : until - RecordedAt > longBackOff ? string.Create(CultureInfo.InvariantCulture, $"the exchange asked to back off (HTTP {BackOffStatus ?? 429}) until {until:O}, longer than {longBackOff.TotalMinutes:0.#} min")
        : null
        : null;
}

/// <summary>The exchange adapter's view of its own state, taken at the end of each cycle.</summary>
public interface IExchangeStatusSource
{
    ExchangeStatus Current();
}
