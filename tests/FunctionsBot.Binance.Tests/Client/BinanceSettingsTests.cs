using FunctionsBot.Testing;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Tests.Client;

public sealed class BinanceSettingsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public void StartUp_UnresolvedKeyVaultReference_NamesTheSettingWithoutItsValue()
    {
        using var harness = ClientHarness.Create(fixture.Simulator, apiSecret: "@Microsoft.KeyVault(VaultName=kv-x;SecretName=binance-api-secret)");

        var ex = Assert.Throws<OptionsValidationException>(() => harness.ValidateOnStart());

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith("Binance__ApiSecret: the Key Vault reference was not resolved", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("binance-api-secret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1, 1)]
    [InlineData(null, 50, 50)]
    [InlineData(null, 200, 64)]
    [InlineData(8, 50, 8)]
    public void MaxConcurrentRequests_DefaultsToTheSymbolsRead_AtMost64(int? configured, int symbols, int concurrent)
    {
        Assert.Equal(concurrent, new Configuration.BinanceOptions { MaxConcurrentRequests = configured }.ConcurrencyFor(symbols));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void StartUp_MaxConcurrentRequestsOutOfRange_NamedWithItsValue(string value)
    {
        using var harness = ClientHarness.Create(fixture.Simulator, settings: new Dictionary<string, string?> { ["Binance:MaxConcurrentRequests"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => harness.ValidateOnStart());

        Assert.StartsWith($"Binance__MaxConcurrentRequests = '{value}': must be between 1 and 64.", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void StartUp_SimulatorKeys_Valid()
    {
        using var harness = ClientHarness.Create(fixture.Simulator, apiKey: SimulatorProcess.ApiKey);

        harness.ValidateOnStart();
    }

    [Theory]
    [InlineData("15", "30", 10, "Risk__RecoveryGraceSeconds = '15': must exceed Binance__RequestTimeoutSeconds + Binance__RecvWindowMs (10 s + 5000 ms = 15 s)")]
    [InlineData("60", "19", 10, "Lock__LeaseSeconds = '19': must be at least Binance__RequestTimeoutSeconds + Binance__RecvWindowMs + 5 s (20 s)")]
    [InlineData("5", "15", 2, "Risk__RecoveryGraceSeconds = '5': must exceed")]
    public void StartUp_WindowsThatCouldOverlap_NamedWithTheirValues(string grace, string lease, int timeoutSeconds, string expected)
    {
        using var harness = ClientHarness.Create(
            fixture.Simulator, requestTimeoutSeconds: timeoutSeconds, settings: new Dictionary<string, string?> { ["Risk:RecoveryGraceSeconds"] = grace, ["Lock:LeaseSeconds"] = lease });

        var ex = Assert.Throws<OptionsValidationException>(() => harness.ValidateOnStart());

        Assert.StartsWith(expected, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void StartUp_ShortTimeoutsUnderTheGraceAndTheLease_Valid()
    {
        using var harness = ClientHarness.Create(
            fixture.Simulator, requestTimeoutSeconds: 2, settings: new Dictionary<string, string?> { ["Binance:RecvWindowMs"] = "2000", ["Risk:RecoveryGraceSeconds"] = "5", ["Lock:LeaseSeconds"] = "15" });

        harness.ValidateOnStart();
    }
}
