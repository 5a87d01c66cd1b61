using System.Net;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>Its own Azurite, stopped under a running bot.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Health_AzuriteStopped_Answers503WithinTheCheckTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var azurite = await AzuriteServer.StartAsync();
        await using var host = await DevHostProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Health__CheckTimeoutSeconds"] = "3",
        });
        using (var healthy = await host.Client.GetAsync("api/health", ct))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await azurite.DisposeAsync();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(15));
        // The report taken before the outage answers until Health__CacheSeconds (1 s here) has passed; then a new one.
        var response = await host.Client.GetAsync("api/health/verbose", bound.Token);
        while (response.StatusCode == HttpStatusCode.OK)
        {
            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token);
            response = await host.Client.GetAsync("api/health/verbose", bound.Token);
        }

        using var _ = response;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var storage = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.True(storage.GetProperty("durationMs").GetDouble() <= 3_500, $"storage check took {storage.GetProperty("durationMs")} ms");
    }
}
