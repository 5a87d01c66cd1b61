using FunctionsBot.Binance.Configuration;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions.Alerts;

/// <summary>Telegram on (a chat id) needs a token from somewhere: the settings locally, Key Vault in Azure.</summary>
internal sealed class TelegramTokenValidator(IOptions<KeyVaultOptions> vault) : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options) =>
        options.IsConfigured && options.BotToken.Length == 0 && !vault.Value.IsConfigured
            ? ValidateOptionsResult.Fail(
                $"{SettingName.Of(TelegramOptions.SectionName, nameof(TelegramOptions.ChatId))} is set but no bot token can be read: set {SettingName.Of(TelegramOptions.SectionName, nameof(TelegramOptions.BotToken))} (locally), or KeyVault__Uri with the secret {SettingName.Of(TelegramOptions.SectionName, nameof(TelegramOptions.BotTokenSecretName))} names (in Azure).")
            : ValidateOptionsResult.Success;
}
