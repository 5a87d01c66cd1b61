using Azure;
using Azure.Security.KeyVault.Secrets;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Core.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace FunctionsBot.Functions.Alerts;

/// <summary>
/// Telegram's Bot API <c>sendMessage</c> to <c>Alerts__Telegram__ChatId</c>, through the Telegram.Bot client over this
/// channel's HTTP client. The token sits in the request path, so that client logs no requests, and no failure
/// message ever carries the URL or the token.
/// </summary>
internal sealed class TelegramChannel(HttpClient http, IOptions<TelegramOptions> options, TelegramToken token) : IAlertChannel
{
    public const string ClientName = "alerts-telegram";

    public string Name => "telegram";

    public bool IsEnabled => options.Value.IsConfigured;

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = await token.GetAsync(cancellationToken).ConfigureAwait(false);
        var text = $"{(message.Status == "resolved" ? "✅ RESOLVED" : message.Severity == "critical" ? "🚨 CRITICAL" : "⚠️ WARNING")} {message.Kind} · {message.Account}\n{message.Message}\n{message.Time:yyyy-MM-dd HH:mm:ss} UTC";
        try
        {
            var bot = new TelegramBotClient(new TelegramBotClientOptions(key, settings.ApiBaseUrl), http, cancellationToken);
            await bot.SendMessage(settings.ChatId, text, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex)
        {
            if (ex.ErrorCode == 401)
            {
                // The token was revoked or rotated: the next send reads Key Vault again, not the cached token.
                token.Invalidate();
            }

            throw new AlertSendException($"Telegram answered {ex.ErrorCode}: {ex.Message.Replace(key, "***", StringComparison.Ordinal)}");
        }
        catch (RequestException ex)
        {
            // The exception's text may name the request; only its kind and status leave this method.
            throw new AlertSendException($"Telegram could not be reached ({ex.HttpStatusCode?.ToString() ?? ex.InnerException?.GetType().Name ?? "no answer"})");
        }
        catch (ArgumentException)
        {
            throw new AlertSendException("the bot token is not in Telegram's format (digits, a colon, then the key BotFather gave)");
        }
    }
}

/// <summary>
/// The bot token: <c>Alerts__Telegram__BotToken</c>, else the Key Vault secret <c>Alerts__Telegram__BotTokenSecretName</c>
/// (cached <c>KeyVault__CacheSeconds</c>, like the exchange keys).
/// </summary>
internal sealed class TelegramToken(IOptions<TelegramOptions> telegram, IOptions<KeyVaultOptions> vault, IServiceProvider services, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? _cached;

    public void Dispose() => _gate.Dispose();

    /// <summary>Drops the cached token (Telegram answered 401): the next send reads the vault's newest version.</summary>
    public void Invalidate() => _cached = null;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (telegram.Value.BotToken is { Length: > 0 } configured)
        {
            return configured;
        }

        if (!vault.Value.IsConfigured)
        {
            throw new AlertSendException("no bot token: set Alerts__Telegram__BotToken, or KeyVault__Uri with the secret named by Alerts__Telegram__BotTokenSecretName");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && time.GetUtcNow() < cached.Until)
            {
                return cached.Token;
            }

            var name = telegram.Value.BotTokenSecretName;
            try
            {
                var secret = await services.GetRequiredService<SecretClient>().GetSecretAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                var value = secret.Value.Value is { Length: > 0 } v ? v : throw new AlertSendException($"Key Vault secret '{name}' is empty");
                _cached = (value, time.GetUtcNow().AddSeconds(vault.Value.CacheSeconds));
                return value;
            }
            catch (RequestFailedException ex)
            {
                throw new AlertSendException($"Key Vault secret '{name}' could not be read (HTTP {ex.Status} {ex.ErrorCode})");
            }
            catch (Exception ex) when (ex is not (AlertSendException or OperationCanceledException))
            {
                throw new AlertSendException($"Key Vault secret '{name}' could not be read ({ex.GetType().Name})");
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
