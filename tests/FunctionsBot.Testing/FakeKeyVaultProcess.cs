using System.Net.Http.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace FunctionsBot.Testing;

/// <summary>
/// The fake Key Vault (tests/FunctionsBot.FakeKeyVault) as a real HTTPS process on loopback, and real
/// <see cref="SecretClient"/>s for it that trust its certificate (by thumbprint) and nothing else.
/// </summary>
public sealed class FakeKeyVaultProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClientHandler _handler;

    private FakeKeyVaultProcess(ChildProcess process, Uri vaultUri, string thumbprint)
    {
        _process = process;
        VaultUri = vaultUri;
        _handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => string.Equals(certificate?.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase),
        };
        Admin = new HttpClient(_handler, disposeHandler: false) { BaseAddress = vaultUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri VaultUri { get; }

    public HttpClient Admin { get; }

    public static async Task<FakeKeyVaultProcess> StartAsync()
    {
        var (process, ready) = await ChildProcess.StartBuiltAppAsync("FunctionsBot.FakeKeyVault", @"Fake Key Vault: (https://\S+/) certificate (\w+)", null);
        return new FakeKeyVaultProcess(process, new Uri(ready.Groups[1].Value), ready.Groups[2].Value);
    }

    /// <summary>A real <see cref="SecretClient"/> for this vault: any bearer token, this certificate only, no retries unless asked.</summary>
    public SecretClient CreateClient(int maxRetries = 0) => new(VaultUri, new AnyToken(), new SecretClientOptions
    {
        Transport = new HttpClientTransport(_handler),
        DisableChallengeResourceVerification = true,
        Retry = { MaxRetries = maxRetries, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) },
    });

    /// <summary>The next <paramref name="count"/> secret requests answer <paramref name="status"/>.</summary>
    public async Task FailNextAsync(int status, int count)
    {
        using var response = await Admin.PostAsJsonAsync("admin/fail", new { status, count });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many times each secret was read.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ReadsAsync() =>
        await Admin.GetFromJsonAsync<Dictionary<string, int>>("admin/stats") ?? [];

    /// <summary>Ends the vault process; clients made from it then meet a refused connection.</summary>
    public ValueTask StopAsync() => _process.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        _handler.Dispose();
        await _process.DisposeAsync();
    }

    private sealed class AnyToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("fake-vault-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
