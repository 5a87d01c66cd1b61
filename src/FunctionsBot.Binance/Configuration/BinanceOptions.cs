using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Binance.Configuration;

/// <summary>Section <c>Binance</c>: where the exchange is and how the client talks to it.</summary>
public sealed class BinanceOptions : ISettings
{
    public static string SectionName => "Binance";

    /// <summary>
    /// <c>Binance__BaseUrl</c>: REST base. Empty (default) picks it from <c>Bot__Mode</c>: Simulated
    /// <c>http://127.0.0.1:5080</c>, Paper <c>https://data-api.binance.vision</c>, Testnet
    /// <c>https://testnet.binance.vision</c>, Live <c>https://api.binance.com</c>.
    /// </summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary><c>Binance__ApiKey</c>: local development only; in Azure the key comes from Key Vault.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>
    /// <c>Binance__ApiSecret</c>: local development only (in Azure it is a Key Vault secret). An HMAC secret, or an Ed25519
    /// or RSA private key in PKCS#8 PEM form. Never logged.
    /// </summary>
    public string ApiSecret { get; set; } = string.Empty;

    /// <summary>
    /// <c>Binance__KeyType</c>: <c>Auto</c> (default: a PEM private key is Ed25519 or RSA as its PKCS#8 algorithm says,
    /// anything else an HMAC secret), <c>Hmac</c>, <c>Ed25519</c> or <c>Rsa</c>. Set it to have a secret of another type refused.
    /// </summary>
    public BinanceKeyType KeyType { get; set; } = BinanceKeyType.Auto;

    /// <summary><c>Binance__RecvWindowMs</c>: how long a signed request stays valid, 1–60000 ms, default 5000.</summary>
    public int RecvWindowMs { get; set; } = 5000;

    /// <summary><c>Binance__RequestTimeoutSeconds</c>: time limit of one attempt, 1–60 s, default 10.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary><c>Binance__MaxGetRetries</c>: retries of a safe GET on a transient failure, 0–5, default 2. Orders are never retried.</summary>
    public int MaxGetRetries { get; set; } = 2;

    /// <summary>
    /// <c>Binance__MaxConcurrentRequests</c>: market-data requests a cycle sends at once (one klines request per symbol),
    /// 1–64; default (unset) the number of symbols read, at most 64. Orders are never sent concurrently.
    /// </summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>How many of a cycle's <paramref name="symbols"/> market-data requests go at once.</summary>
    public int ConcurrencyFor(int symbols) => MaxConcurrentRequests ?? Math.Clamp(symbols, 1, 64);

    /// <summary>
    /// <c>Binance__WeightBudgetPerMinute</c>: request weight this process's reads may use in one minute, as the exchange counts
    /// it for the IP (<c>X-MBX-USED-WEIGHT-1M</c>); a read that would pass it waits for the next minute. 100–6000, default 3000
    /// of the exchange's 6000: the rest is room for orders and for other processes behind the same IP.
    /// </summary>
    public int WeightBudgetPerMinute { get; set; } = 3000;

    /// <summary><c>Binance__ExchangeInfoTtlMinutes</c>: how long symbol filters are cached, 1–1440 min, default 60.</summary>
    public int ExchangeInfoTtlMinutes { get; set; } = 60;

    /// <summary><c>Binance__ExchangeInfoGraceMinutes</c>: how long a stale entry is still served when refreshing fails, 0–1440, default 30.</summary>
    public int ExchangeInfoGraceMinutes { get; set; } = 30;

    /// <summary><c>Binance__PaperQuoteBalance</c>: the free quote balance Paper mode trades against, &gt; 0. Default 10000.</summary>
    public decimal PaperQuoteBalance { get; set; } = 10_000m;

    public Uri ResolveBaseUrl(TradingMode mode) => BaseUrl.Length > 0
        ? new Uri(BaseUrl.TrimEnd('/') + "/")
        : new Uri(mode switch
        {
            TradingMode.Simulated => "http://127.0.0.1:5080/",
            TradingMode.Paper => "https://data-api.binance.vision/",
            TradingMode.Testnet => "https://testnet.binance.vision/",
            _ => "https://api.binance.com/",
        });

    /// <summary>Why <paramref name="secret"/> cannot sign as <paramref name="type"/>, or null when it can.</summary>
    public static string? SigningProblem(string secret, BinanceKeyType type)
    {
        try
        {
            _ = Signing.BinanceSigner.For(secret, type);
            return null;
        }
        catch (Signing.InvalidSigningKeyException ex)
        {
            return ex.Message;
        }
    }

    public IEnumerable<string> Validate()
    {
        if (BaseUrl.Length > 0 && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            yield return SettingName.Problem(SectionName, nameof(BaseUrl), BaseUrl, "must be an absolute http(s) URL.");
        }

        if (RecvWindowMs is < 1 or > 60_000)
        {
            yield return SettingName.Problem(SectionName, nameof(RecvWindowMs), RecvWindowMs, "must be between 1 and 60000 ms (Binance's maximum).");
        }

        if (ApiSecret.Length > 0 && SigningProblem(ApiSecret, KeyType) is { } problem)
        {
            // The value is never echoed: it is a private key.
            yield return $"{SettingName.Of(SectionName, nameof(ApiSecret))} (Binance__KeyType = '{KeyType}'): {problem}.";
        }

        if (RequestTimeoutSeconds is < 1 or > 60)
        {
            yield return SettingName.Problem(SectionName, nameof(RequestTimeoutSeconds), RequestTimeoutSeconds, "must be between 1 and 60 seconds.");
        }

        if (WeightBudgetPerMinute is < 100 or > 6000)
        {
            yield return SettingName.Problem(SectionName, nameof(WeightBudgetPerMinute), WeightBudgetPerMinute, "must be from 100 to 6000 (the exchange's limit per IP and minute).");
        }

        if (MaxGetRetries is < 0 or > 5)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxGetRetries), MaxGetRetries, "must be between 0 and 5.");
        }

        if (MaxConcurrentRequests is { } concurrent && concurrent is < 1 or > 64)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxConcurrentRequests), MaxConcurrentRequests, "must be between 1 and 64.");
        }

        if (ExchangeInfoTtlMinutes is < 1 or > 1440)
        {
            yield return SettingName.Problem(SectionName, nameof(ExchangeInfoTtlMinutes), ExchangeInfoTtlMinutes, "must be between 1 and 1440 minutes.");
        }

        if (PaperQuoteBalance <= 0)
        {
            yield return SettingName.Problem(SectionName, nameof(PaperQuoteBalance), PaperQuoteBalance, "must be greater than 0.");
        }

        if (ExchangeInfoGraceMinutes is < 0 or > 1440)
        {
            yield return SettingName.Problem(SectionName, nameof(ExchangeInfoGraceMinutes), ExchangeInfoGraceMinutes, "must be between 0 and 1440 minutes.");
        }
    }
}

/// <summary>The type of the Binance API key (<c>Binance__KeyType</c>). HMAC keys are deprecated by Binance; Ed25519 is recommended.</summary>
public enum BinanceKeyType
{
    Auto,
    Hmac,
    Ed25519,
    Rsa,
}
