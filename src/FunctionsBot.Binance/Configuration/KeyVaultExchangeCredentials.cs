using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Configuration;

/// <summary>
/// The Binance key pair from Key Vault: fetched on first use, reused for <c>KeyVault__CacheSeconds</c>, fetched
/// anew at once after the exchange calls the key invalid (<see cref="Invalidate"/>), so a new secret version
/// set in the portal is used without a restart. If the vault cannot be read while a pair is cached, the
/// cached pair keeps serving and the vault is asked again after <see cref="RetryAfterFailure"/>.
/// </summary>
internal sealed partial class KeyVaultExchangeCredentials(
    SecretClient vault,
    IOptionsMonitor<KeyVaultOptions> options,
    TimeProvider time,
    ILogger<KeyVaultExchangeCredentials> logger) : IExchangeCredentials, IDisposable
{
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile Cached? _cached;

    /// <summary>When the cached pair was fetched; null before the first fetch or after an invalidation.</summary>
    public DateTimeOffset? FetchedAt => _cached?.FetchedAt;

    /// <summary>Why the last read of the vault failed while the cached pair kept serving; null once a read succeeds.</summary>
    public string? ServingCachedBecause { get; private set; }

    public async ValueTask<ExchangeCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && time.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.Credentials;
        }

        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cached = _cached;
            if (cached is not null && time.GetUtcNow() < cached.RefreshAt)
            {
                return cached.Credentials;
            }

            try
            {
                var settings = options.CurrentValue;
                var key = ReadAsync(settings.ApiKeySecretName, cancellationToken);
                var secret = ReadAsync(settings.ApiSecretSecretName, cancellationToken);
                await Task.WhenAll(key, secret).ConfigureAwait(false); // both finish before either failure surfaces
                var credentials = new ExchangeCredentials(await key.ConfigureAwait(false), await secret.ConfigureAwait(false));
                var now = time.GetUtcNow();
                _cached = new Cached(credentials, now, now.AddSeconds(settings.CacheSeconds));
                ServingCachedBecause = null;
                LogFetched(settings.ApiKeySecretName, settings.ApiSecretSecretName);
                return credentials;
            }
            catch (CredentialsUnavailableException ex) when (cached is not null)
            {
                LogServingCached(ex.Message, RetryAfterFailure);
                ServingCachedBecause = ex.Message;
                _cached = cached with { RefreshAt = time.GetUtcNow() + RetryAfterFailure };
                return cached.Credentials;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }

    public void Invalidate()
    {
        if (_cached is not null)
        {
            _cached = null;
            LogInvalidated();
        }
    }

    public void Dispose() => _fetch.Dispose();

    private async Task<string> ReadAsync(string name, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret;
        try
        {
            secret = (await vault.GetSecretAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex)
        {
            var why = ex.Status switch
            {
                401 or 403 => "access denied; the app's identity needs the Key Vault Secrets User role on the vault",
                404 => "no such secret; create it (docs/rotate-secrets.md)",
                0 => "the vault did not answer",
                _ => $"the vault answered HTTP {ex.Status} {ex.ErrorCode}",
            };
            throw new CredentialsUnavailableException($"Key Vault secret '{name}' at {vault.VaultUri} could not be read: {why}.", ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new CredentialsUnavailableException($"Key Vault secret '{name}' at {vault.VaultUri} could not be read: no Azure identity could get a token ({ex.GetType().Name}).", ex);
        }
        catch (Exception ex) when (ex is AggregateException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The transport failed (refused connection, DNS, TLS, a timeout) after the SDK's own retries: the vault
            // did not answer, which is handled like a 503 (a cached pair keeps serving).
            var cause = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.LastOrDefault() ?? ex : ex;
            throw new CredentialsUnavailableException($"Key Vault secret '{name}' at {vault.VaultUri} could not be read: the vault did not answer ({cause.GetType().Name}).", ex);
        }

        return string.IsNullOrWhiteSpace(secret.Value)
            ? throw new CredentialsUnavailableException($"Key Vault secret '{name}' at {vault.VaultUri} is empty.")
            : secret.Value.Trim();
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Exchange key pair read from Key Vault secrets {ApiKeySecret} and {ApiSecretSecret}")]
    private partial void LogFetched(string apiKeySecret, string apiSecretSecret);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "{Reason} Using the key pair read earlier; asking the vault again in {Retry}")]
    private partial void LogServingCached(string reason, TimeSpan retry);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "The exchange called the API key invalid; the key pair will be read from Key Vault again before the next signed call")]
    private partial void LogInvalidated();

    private sealed record Cached(ExchangeCredentials Credentials, DateTimeOffset FetchedAt, DateTimeOffset RefreshAt);
}
