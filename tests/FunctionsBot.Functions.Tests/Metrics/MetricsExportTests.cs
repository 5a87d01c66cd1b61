using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace FunctionsBot.Functions.Tests.Metrics;

public sealed class MetricsExportTests
{
    [Theory]
    [InlineData("ClientId=1a2b;Authorization=AAD", "1a2b")]
    [InlineData(" authorization = aad ; clientid = 1a2b ", "1a2b")]
    [InlineData("Authorization=AAD", null)] // system-assigned identity
    [InlineData("ClientId=1a2b", null)] // not AAD
    [InlineData(null, null)]
    public void AadClientId_AuthenticationString_ClientIdOnlyWhenAadIsAsked(string? authentication, string? expected) =>
        Assert.Equal(expected, MetricsExport.AadClientId(authentication));

    [Fact]
    public void Export_ConnectionStringSet_MeterProviderRegistered_NotSetNothing()
    {
        using var exporting = Services(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/" });
        using var local = Services([]);

        Assert.NotNull(exporting.GetService<MeterProvider>());
        Assert.Null(local.GetService<MeterProvider>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddMetricsExport(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
}
