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

    [Fact]
    public void StartUp_SimulatorKeys_Valid()
    {
        using var harness = ClientHarness.Create(fixture.Simulator, apiKey: SimulatorProcess.ApiKey);

        harness.ValidateOnStart();
    }
}
