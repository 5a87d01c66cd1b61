using System.Text.RegularExpressions;
using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Binance.Configuration;

/// <summary>
/// Section <c>KeyVault</c>: where the Binance key pair lives in Azure. With <see cref="Uri"/> set, the keys
/// are read from the vault at run time (never from <c>Binance__ApiKey</c> / <c>Binance__ApiSecret</c>).
/// </summary>
public sealed partial class KeyVaultOptions : ISettings
{
    public static string SectionName => "KeyVault";

    /// <summary><c>KeyVault__Uri</c>: the vault, e.g. <c>https://kv-bot.vault.azure.net/</c>. Empty: keys come from configuration.</summary>
    public string Uri { get; set; } = string.Empty;

    /// <summary><c>KeyVault__ApiKeySecretName</c>: secret holding the Binance API key. Default <c>binance-api-key</c>.</summary>
    public string ApiKeySecretName { get; set; } = "binance-api-key";

    /// <summary><c>KeyVault__ApiSecretSecretName</c>: secret holding the Binance API secret. Default <c>binance-api-secret</c>.</summary>
    public string ApiSecretSecretName { get; set; } = "binance-api-secret";

    /// <summary>
    /// <c>KeyVault__CacheSeconds</c>: how long a fetched key pair is used before the vault is asked again,
    /// 10–86400 s, default 300. A -2014/-2015/-1022 from the exchange drops it at once.
    /// </summary>
    public int CacheSeconds { get; set; } = 300;

    public bool IsConfigured => Uri.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (IsConfigured && (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var vault) || vault.Scheme != System.Uri.UriSchemeHttps))
        {
            yield return SettingName.Problem(SectionName, nameof(Uri), Uri, "must be an absolute https URI of a Key Vault (e.g. https://kv-bot.vault.azure.net/).");
        }

        foreach (var (name, value) in new[] { (nameof(ApiKeySecretName), ApiKeySecretName), (nameof(ApiSecretSecretName), ApiSecretSecretName) })
        {
            if (!SecretName().IsMatch(value))
            {
                yield return SettingName.Problem(SectionName, name, value, "must be a Key Vault secret name: 1–127 letters, digits and dashes.");
            }
        }

        if (CacheSeconds is < 10 or > 86_400)
        {
            yield return SettingName.Problem(SectionName, nameof(CacheSeconds), CacheSeconds, "must be between 10 and 86400 seconds.");
        }
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex SecretName();
}
