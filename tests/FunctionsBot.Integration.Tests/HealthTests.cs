using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Health as on Flex Consumption: one process runs the timer and trades, another serves HTTP only
/// (<c>AzureWebJobs__TradeCycle__Disabled</c>) and reads what the trader persisted; anonymous callers are
/// answered from one report per cache window.
/// </summary>
[Collection("Drills")]
public sealed class HealthTests(AzuriteFixture azurite)
{
    private const string Klines = "GET /api/v3/klines";
    private const string Ping = "GET /api/v3/ping";

    [Fact]
    public async Task HttpOnlyProcess_ReportsTheTradersBackOffAndLastSignedFailure_ItNeverCalledThoseItself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        var trader = await rig.StartBotAsync(rig.Settings(("Binance__ApiKey", "a-key-the-exchange-does-not-know")));
        var web = await rig.StartBotAsync(rig.Settings(("AzureWebJobs__TradeCycle__Disabled", "true"), ("AzureWebJobs__Reconcile__Disabled", "true")));

        // The trader's orders are refused for its unknown key (-2015): its cycle persists that as its last error.
        var exchange = await WaitForAsync(web, e => e.GetProperty("lastError").GetString()!.Contains("-2015", StringComparison.Ordinal), ct);
        Assert.Equal("Settings", exchange.GetProperty("credentials").GetString());
        Assert.True(exchange.GetProperty("usedWeight1M").GetInt32() > 0);

        // A 429 on the trader's market data: its client backs off for 30 s and the web process says so.
        await rig.Simulator.ArmAsync("RateLimit", retryAfterSeconds: 30, request: Klines);
        var backingOff = await WaitForAsync(web, e => e.GetProperty("backOffUntil").GetString() != "none", ct);
        var until = DateTimeOffset.Parse(backingOff.GetProperty("backOffUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(31));
        var report = await VerboseAsync(web, ct);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Contains(report.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("the trading process is backing off after a rate limit until", StringComparison.Ordinal));

        // The web process made no trading call: no cycle ran in it, and its own client is not backing off.
        Assert.Equal(0, web.CyclesRun);
        Assert.True(trader.CyclesRun > 0);
        Assert.DoesNotContain("this instance backs off", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HundredConcurrentAnonymousRequests_OnePingPerCacheWindow_CountedAtTheSimulator_RefusedPingDegrades()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 1);
        var web = await rig.StartBotAsync(rig.Settings(("AzureWebJobs__TradeCycle__Disabled", "true"), ("AzureWebJobs__Reconcile__Disabled", "true"), ("Health__CacheSeconds", "3")));
        var figures = new List<string>();

        for (var window = 0; window < 2; window++)
        {
            var before = await PingsAsync(rig.Simulator);
            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
            {
                using var response = await web.Client.GetAsync("api/health", ct);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
            }));
            var pings = await PingsAsync(rig.Simulator) - before;

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Single(responses.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("checkedAt").GetString()).Distinct());
            Assert.Equal(1, pings);
            figures.Add($"window {window + 1}: 100 requests, {pings} ping");
            await Task.Delay(TimeSpan.FromSeconds(3.2), ct);
        }

        // Anonymous callers see which checks are not healthy, not what the verbose report holds.
        var anonymous = await web.Client.GetStringAsync("api/health", ct);
        Assert.Contains("lastCycle: Degraded", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Account, anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("BTCUSDT", anonymous, StringComparison.Ordinal);
        using var refused = await web.Client.GetAsync("api/health?verbose=true", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The exchange refuses this instance's ping (418): the next report is Degraded and says why; the one after
        // that says this instance is backing off and did not ping.
        await rig.Simulator.ArmAsync("Ban", retryAfterSeconds: 60, request: Ping);
        await Task.Delay(TimeSpan.FromSeconds(3.2), ct);
        var banned = await VerboseAsync(web, ct);
        Assert.Equal("Degraded", banned.GetProperty("status").GetString());
        Assert.Contains(banned.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("exchange:", StringComparison.Ordinal) && p.GetString()!.Contains("the exchange did not answer a ping", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(3.2), ct);
        var pingsBefore = await PingsAsync(rig.Simulator);
        var backingOff = await VerboseAsync(web, ct);
        Assert.Contains(backingOff.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("this instance backs off until", StringComparison.Ordinal));
        Assert.Equal(pingsBefore, await PingsAsync(rig.Simulator));
        Figures.Record("health cache: " + string.Join("; ", figures));
    }

    private static async Task<long> PingsAsync(SimulatorProcess simulator) =>
        (await simulator.WeightByEndpointAsync()).TryGetValue(Ping, out var ping) ? ping.Calls : 0;

    private static async Task<JsonElement> VerboseAsync(DevHostProcess host, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("api/health/verbose", ct));
        return document.RootElement.Clone();
    }

    /// <summary>Polls the verbose report until the exchange check's data satisfies <paramref name="condition"/> (60 s at most).</summary>
    private static async Task<JsonElement> WaitForAsync(DevHostProcess host, Func<JsonElement, bool> condition, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        JsonElement? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var report = await VerboseAsync(host, ct);
            last = report;
            var exchange = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "exchange");
            if (exchange.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("statusAgeSeconds", out _) && condition(data))
            {
                return data;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        Assert.Fail($"The web process never reported it; last report: {last}");
        throw new UnreachableException();
    }
}
