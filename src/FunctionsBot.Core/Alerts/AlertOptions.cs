using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Alerts;

/// <summary>Section <c>Alerts</c>: where alerts go and when.</summary>
public sealed class AlertOptions : ISettings
{
    public static string SectionName => "Alerts";

    /// <summary><c>Alerts__WebhookUrl</c>: an http(s) URL that receives each alert as a JSON POST; empty: no webhook.</summary>
    public string WebhookUrl { get; set; } = string.Empty;

    /// <summary><c>Alerts__FailedCyclesInARow</c>: cycles failing in a row before an alert (default 3).</summary>
    public int FailedCyclesInARow { get; set; } = 3;

    /// <summary><c>Alerts__BackOffMinutes</c>: a 429 back-off longer than this is an alert and makes health Unhealthy, as a 418 ban always does (default 5).</summary>
    public int BackOffMinutes { get; set; } = 5;

    /// <summary><c>Alerts__UnprotectedCycles</c>: cycles an open position may go without a working list at the exchange before an alert names it (default 2).</summary>
    public int UnprotectedCycles { get; set; } = 2;

    /// <summary><c>Alerts__MaxPerMinute</c>: messages per receiver per minute at most; the rest wait (default 20).</summary>
    public int MaxPerMinute { get; set; } = 20;

    /// <summary><c>Alerts__SendTimeoutSeconds</c>: one send, retries included, gives up after this (default 10).</summary>
    public int SendTimeoutSeconds { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (WebhookUrl.Length > 0 && (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            // Not echoed: a webhook URL often carries its secret in the path.
            yield return $"{SettingName.Of(SectionName, nameof(WebhookUrl))}: must be an absolute http or https URL (the value is not repeated here: it may hold a secret).";
        }

        if (FailedCyclesInARow is < 1 or > 1000)
        {
            yield return SettingName.Problem(SectionName, nameof(FailedCyclesInARow), FailedCyclesInARow, "must be from 1 to 1000.");
        }

        if (BackOffMinutes is < 1 or > 1440)
        {
            yield return SettingName.Problem(SectionName, nameof(BackOffMinutes), BackOffMinutes, "must be from 1 to 1440 minutes.");
        }

        if (UnprotectedCycles is < 1 or > 1000)
        {
            yield return SettingName.Problem(SectionName, nameof(UnprotectedCycles), UnprotectedCycles, "must be from 1 to 1000.");
        }

        if (MaxPerMinute is < 1 or > 600)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxPerMinute), MaxPerMinute, "must be from 1 to 600.");
        }

        if (SendTimeoutSeconds is < 1 or > 120)
        {
            yield return SettingName.Problem(SectionName, nameof(SendTimeoutSeconds), SendTimeoutSeconds, "must be from 1 to 120 seconds.");
        }
    }
}

/// <summary>
/// Section <c>Alerts:Telegram</c>: the Bot API's <c>sendMessage</c> to one chat. The token comes from
/// <c>Alerts__Telegram__BotToken</c> locally, or from the Key Vault secret <c>Alerts__Telegram__BotTokenSecretName</c>
/// when <c>KeyVault__Uri</c> is set and no token is in the settings.
/// </summary>
public sealed class TelegramOptions : ISettings
{
    public static string SectionName => "Alerts:Telegram";

    /// <summary><c>Alerts__Telegram__ChatId</c>: the chat that receives alerts; empty: Telegram is off.</summary>
    public string ChatId { get; set; } = string.Empty;

    /// <summary><c>Alerts__Telegram__BotToken</c> (a secret: never logged, never echoed in a message).</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary><c>Alerts__Telegram__BotTokenSecretName</c>: the Key Vault secret holding the token (default <c>telegram-bot-token</c>).</summary>
    public string BotTokenSecretName { get; set; } = "telegram-bot-token";

    /// <summary><c>Alerts__Telegram__ApiBaseUrl</c>: default <c>https://api.telegram.org</c>.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public bool IsConfigured => ChatId.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return SettingName.Problem(SectionName, nameof(ApiBaseUrl), ApiBaseUrl, "must be an absolute http or https URL.");
        }

        if (BotToken.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(BotToken, "^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$"))
        {
            // The value is a secret: the message never repeats it.
            yield return $"{SettingName.Of(SectionName, nameof(BotToken))}: not a Telegram bot token (digits, a colon, then the key BotFather gave).";
        }

        if (BotToken.Length > 0 && ChatId.Length == 0)
        {
            yield return $"{SettingName.Of(SectionName, nameof(ChatId))} is empty while {SettingName.Of(SectionName, nameof(BotToken))} is set: name the chat that receives alerts (docs/reconcile.md, Telegram set-up).";
        }
    }
}
