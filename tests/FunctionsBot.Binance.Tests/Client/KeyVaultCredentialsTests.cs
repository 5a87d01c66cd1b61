using Azure.Security.KeyVault.Secrets;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>One fake Key Vault process (HTTPS on loopback) and one simulator for the class.</summary>
public sealed class VaultFixture : IAsyncLifetime
{
    public FakeKeyVaultProcess Vault { get; private set; } = null!;

    public SimulatorProcess Simulator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var vault = FakeKeyVaultProcess.StartAsync();
        var simulator = SimulatorProcess.StartAsync();
        Vault = await vault;
        Simulator = await simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await Vault.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>
/// The Binance key pair read from Key Vault with the real <see cref="SecretClient"/> over HTTPS: cached, read
/// anew when the exchange calls the key invalid (a rotation in the portal takes effect without a restart),
/// served from the cache through a vault outage, and never shown in a log or an error.
/// </summary>
public sealed class KeyVaultCredentialsTests(VaultFixture fixture) : IClassFixture<VaultFixture>
{
    private readonly string _keyName = "key-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _secretName = "secret-" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedCalls_KeyPairFromTheVault_ReadOnceWithinTheCacheTime()
    {
        await StoreAsync(SimulatorProcess.ApiKey, SimulatorProcess.ApiSecret);
        using var harness = Harness();
        harness.ValidateOnStart();

        var first = await harness.Client.GetAccountAsync(Ct);
        var second = await harness.Client.GetAccountAsync(Ct);

        Assert.True(first.CanTrade && second.CanTrade);
        var reads = await fixture.Vault.ReadsAsync();
        Assert.Equal((1, 1), (reads[_keyName], reads[_secretName]));
    }

    [Fact]
    public async Task KeyRotatedInTheVault_OldKeyRejected_NextCallUsesTheNewVersionWithoutRestart()
    {
        await StoreAsync("retired-api-key", SimulatorProcess.ApiSecret);
        using var harness = Harness();

        var rejected = await Assert.ThrowsAsync<BinanceApiException>(() => harness.Client.GetAccountAsync(Ct));
        await fixture.Vault.CreateClient().SetSecretAsync(_keyName, SimulatorProcess.ApiKey, Ct); // the portal's "New version"
        var account = await harness.Client.GetAccountAsync(Ct);

        Assert.Equal((-2015, true), (rejected.Code, rejected.IsKeyRefused));
        Assert.True(account.CanTrade);
        Assert.Null(harness.Client.KeysRefused); // the rotated key was accepted: nothing is refused any more
        Assert.Equal(2, (await fixture.Vault.ReadsAsync())[_keyName]);
        var logs = string.Join("\n", harness.Logs.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.Contains("read from Key Vault again", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorProcess.ApiSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("retired-api-key", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorProcess.ApiKey, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VaultDeniesAccess_NothingCached_NotSent_OutageNamingTheRoleNotTheValue()
    {
        await StoreAsync(SimulatorProcess.ApiKey, SimulatorProcess.ApiSecret);
        await fixture.Vault.FailNextAsync(403, count: 2);
        using var harness = Harness();

        var ex = await Assert.ThrowsAsync<ExchangeException>(() => harness.Exchange.GetFreeBalanceAsync("USDT", Ct));

        Assert.Equal(ExchangeFailure.Outage, ex.Failure);
        Assert.Contains("not sent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorProcess.ApiSecret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheTimePassed_NewVersionRead_VaultDown_CachedPairServes_AskedAgainAfterThirtySeconds()
    {
        await StoreAsync("key-v1", "secret-v1");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var credentials = Direct(time, cacheSeconds: 60);

        Assert.Equal("key-v1", (await credentials.GetAsync(Ct)).ApiKey);
        await StoreAsync("key-v2", "secret-v2");
        Assert.Equal("key-v1", (await credentials.GetAsync(Ct)).ApiKey); // within the cache time
        time.Advance(TimeSpan.FromSeconds(61));
        var rotated = await credentials.GetAsync(Ct);
        Assert.Equal(("key-v2", "secret-v2"), (rotated.ApiKey, rotated.ApiSecret));

        time.Advance(TimeSpan.FromSeconds(61));
        await fixture.Vault.FailNextAsync(503, count: 2);
        Assert.Equal("key-v2", (await credentials.GetAsync(Ct)).ApiKey); // vault down: the cached pair serves
        using (var harness = ClientHarness.Create(fixture.Simulator))
        {
            var status = new BinanceExchangeStatus(harness.Client, harness.Cache, credentials, time).Current();
            Assert.StartsWith("Key Vault secret", status.CredentialsProblem, StringComparison.Ordinal);
            Assert.Equal("KeyVault", status.Credentials);
            Assert.Equal(TimeSpan.FromSeconds(61), time.GetUtcNow() - status.CredentialsReadAt);
        }

        var readsDuringOutage = (await fixture.Vault.ReadsAsync())[_keyName];
        time.Advance(TimeSpan.FromSeconds(10));
        await credentials.GetAsync(Ct);
        Assert.Equal(readsDuringOutage, (await fixture.Vault.ReadsAsync())[_keyName]); // not asked again yet
        time.Advance(KeyVaultExchangeCredentials.RetryAfterFailure);
        await credentials.GetAsync(Ct);
        Assert.Equal(readsDuringOutage + 1, (await fixture.Vault.ReadsAsync())[_keyName]);
    }

    [Fact]
    public async Task VaultUnreachable_RetriesExhausted_CachedPairServesAndHealthDegraded_NothingCachedIsATypedOutage()
    {
        await using var vault = await FakeKeyVaultProcess.StartAsync();
        var client = vault.CreateClient(maxRetries: 2);
        await client.SetSecretAsync(_keyName, "key-v1", Ct);
        await client.SetSecretAsync(_secretName, "secret-v1", Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var credentials = Direct(time, cacheSeconds: 60, client);
        using var cold = Direct(time, cacheSeconds: 60, client);
        Assert.Equal("key-v1", (await credentials.GetAsync(Ct)).ApiKey);

        await vault.StopAsync(); // the connection is refused from now on
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal("key-v1", (await credentials.GetAsync(Ct)).ApiKey);
        Assert.Contains("the vault did not answer", credentials.ServingCachedBecause, StringComparison.Ordinal);
        using (var harness = ClientHarness.Create(fixture.Simulator))
        {
            var status = new BinanceExchangeStatus(harness.Client, harness.Cache, credentials, time).Current();
            Assert.Contains("the vault did not answer", status.CredentialsProblem, StringComparison.Ordinal);
        }

        var ex = await Assert.ThrowsAsync<CredentialsUnavailableException>(() => cold.GetAsync(Ct).AsTask());
        Assert.Contains($"'{_keyName}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the vault did not answer", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-v1", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretMissing_Unavailable_SaysWhichSecretAndWhatToDo()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var credentials = Direct(time, cacheSeconds: 60);

        var ex = await Assert.ThrowsAsync<CredentialsUnavailableException>(() => credentials.GetAsync(Ct).AsTask());

        Assert.Contains($"'{_keyName}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no such secret", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://kv-bot.vault.azure.net/", "binance-api-key", "KeyVault__Uri = 'http://kv-bot.vault.azure.net/': must be an absolute https URI")]
    [InlineData("https://kv-bot.vault.azure.net/", "binance_api_key", "KeyVault__ApiKeySecretName = 'binance_api_key': must be a Key Vault secret name")]
    public void StartUp_BadKeyVaultSetting_NamedWithItsValue(string uri, string keyName, string expected)
    {
        using var harness = ClientHarness.Create(fixture.Simulator, settings: new Dictionary<string, string?> { ["KeyVault:Uri"] = uri, ["KeyVault:ApiKeySecretName"] = keyName });

        var ex = Assert.Throws<OptionsValidationException>(() => harness.ValidateOnStart());

        Assert.StartsWith(expected, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void StartUp_TestnetWithTheVaultAndNoKeysInSettings_Valid()
    {
        using var harness = ClientHarness.Create(fixture.Simulator, apiKey: string.Empty, apiSecret: string.Empty, mode: "Testnet", vault: fixture.Vault);

        harness.ValidateOnStart();
    }

    [Fact]
    public async Task MovedFromHmacToEd25519InTheVault_PemWithItsLineBreaks_NextCallSignsWithItWithoutRestart()
    {
        await StoreAsync(SimulatorProcess.ApiKey, SimulatorProcess.ApiSecret);
        using var harness = Harness();
        Assert.True((await harness.Client.GetAccountAsync(Ct)).CanTrade);
        try
        {
            // The key regenerated at Binance as Ed25519: the HMAC pair is refused until the vault holds the new one.
            await fixture.Simulator.SetPublicKeyAsync("ed25519-api-key", TestKeys.Ed25519Public);
            var refused = await Assert.ThrowsAsync<BinanceApiException>(() => harness.Client.GetAccountAsync(Ct));
            var vault = fixture.Vault.CreateClient();
            await vault.SetSecretAsync(_secretName, TestKeys.Ed25519Private, Ct);
            await vault.SetSecretAsync(_keyName, "ed25519-api-key", Ct);

            var account = await harness.Client.GetAccountAsync(Ct);

            Assert.True(refused.IsKeyRefused);
            Assert.True(account.CanTrade);
            var logs = string.Join("\n", harness.Logs.GetSnapshot().Select(r => r.Message + r.Exception));
            Assert.DoesNotContain("MC4CAQAw", logs, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Simulator.SetKeysAsync();
        }
    }

    [Fact]
    public async Task DamagedPemInTheVault_NothingSent_TheReasonNamesNoKey()
    {
        var damaged = TestKeys.Ed25519Private.Replace("MC4CAQAw", "MC4C!!Aw", StringComparison.Ordinal);
        await StoreAsync(SimulatorProcess.ApiKey, damaged);
        using var harness = Harness();
        var weightBefore = (await fixture.Simulator.WeightByEndpointAsync()).GetValueOrDefault("GET /api/v3/account").Calls;

        var refused = await Assert.ThrowsAsync<BinanceApiException>(() => harness.Client.GetAccountAsync(Ct));

        Assert.Equal(FunctionsBot.Core.Exchange.ExecutionStatus.Rejected, refused.Execution);
        Assert.Contains("cannot sign requests (Binance__KeyType = 'Auto'): it is not a readable PKCS#8 private key (malformed PEM)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MC4C", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(weightBefore, (await fixture.Simulator.WeightByEndpointAsync()).GetValueOrDefault("GET /api/v3/account").Calls);
    }

    private ClientHarness Harness() => ClientHarness.Create(
        fixture.Simulator,
        apiKey: string.Empty,
        apiSecret: string.Empty,
        vault: fixture.Vault,
        settings: new Dictionary<string, string?> { ["KeyVault:ApiKeySecretName"] = _keyName, ["KeyVault:ApiSecretSecretName"] = _secretName });

    private KeyVaultExchangeCredentials Direct(TimeProvider time, int cacheSeconds, SecretClient? client = null) => new(
        client ?? fixture.Vault.CreateClient(),
        new StaticOptions(new KeyVaultOptions { Uri = fixture.Vault.VaultUri.ToString(), ApiKeySecretName = _keyName, ApiSecretSecretName = _secretName, CacheSeconds = cacheSeconds }),
        time,
        NullLogger<KeyVaultExchangeCredentials>.Instance);

    private async Task StoreAsync(string key, string secret)
    {
        var client = fixture.Vault.CreateClient();
        await client.SetSecretAsync(_keyName, key, Ct);
        await client.SetSecretAsync(_secretName, secret, Ct);
    }

    private sealed class StaticOptions(KeyVaultOptions value) : IOptionsMonitor<KeyVaultOptions>
    {
        public KeyVaultOptions CurrentValue => value;

        public KeyVaultOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<KeyVaultOptions, string?> listener) => null;
    }
}
