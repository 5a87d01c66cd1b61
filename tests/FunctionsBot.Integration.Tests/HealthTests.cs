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

    /// <summary>
    /// Issue 21, items 1 and 2, as a person meets them: the key is regenerated at the exchange but not where the bot
    /// reads it, then the IP is banned. The trader's cycles run in one process; health is asked of another that
    /// makes no trading call (Flex runs them on different instances), so what it reports comes from the ledger.
    /// </summary>
    [Fact]
    public async Task KeysRefusedThenIpBanned_HealthFromAnotherProcessGoes503_OneAlertPerReceiverEach_OneResolvedEach()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        var trader = await rig.StartBotAsync(rig.Settings([.. receivers.BotSettings()]));
        var web = await rig.StartBotAsync(rig.Settings(("AzureWebJobs__TradeCycle__Disabled", "true"), ("AzureWebJobs__Reconcile__Disabled", "true"), ("Health__CacheSeconds", "1")));
        await HealthAsync(web, HttpStatusCode.OK, "exchange", "Healthy", ct);

        // The key pair is regenerated at the exchange: every signed call the trader makes is refused (-2015).
        await rig.Simulator.SetKeysAsync("a-regenerated-key", "a-regenerated-secret");
        var rotatedAt = DateTimeOffset.UtcNow;
        var cyclesAtRotation = trader.CyclesRun;
        var refused = await HealthAsync(web, HttpStatusCode.ServiceUnavailable, "exchange", "Unhealthy", ct);
        var secondsTo503 = (DateTimeOffset.UtcNow - rotatedAt).TotalSeconds;
        var cyclesTo503 = trader.CyclesRun - cyclesAtRotation;
        Assert.InRange(cyclesTo503, 1, 3); // the cycle under way may have made its signed call before the rotation
        var check = Check(refused, "exchange");
        Assert.Contains("-2015", check.GetProperty("description").GetString()!, StringComparison.Ordinal);
        Assert.Contains("Key Vault", check.GetProperty("description").GetString()!, StringComparison.Ordinal);
        using (var reconcile = await web.Client.PostAsync("api/reconcile", null, ct))
        {
            // A route that spends weight names what failed: the keys, not "the ledger".
            var problem = JsonDocument.Parse(await reconcile.Content.ReadAsStringAsync(ct)).RootElement;
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "The exchange refused the bot's API key."), (reconcile.StatusCode, problem.GetProperty("title").GetString()));
        }

        var keyAlerts = await receivers.ReceivedAsync("exchange-keys-refused", 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["telegram", "webhook"], keyAlerts.Select(r => r.Receiver).Order());

        // The right pair again: Healthy, and one resolved per receiver, however many cycles follow.
        await rig.Simulator.SetKeysAsync();
        await HealthAsync(web, HttpStatusCode.OK, "exchange", "Healthy", ct);
        var resolved = await receivers.ReceivedAsync("exchange-keys-refused", 4, TimeSpan.FromSeconds(30));
        Assert.Equal(4, resolved.Count);
        var cyclesAfter = trader.CyclesRun;
        await Eventually.HoldsAsync(() => Task.FromResult(trader.CyclesRun), n => n >= cyclesAfter + 3, TimeSpan.FromSeconds(30), n => $"{n} cycles", ct);
        Assert.Equal(4, (await receivers.ReceivedAsync("exchange-keys-refused", 5, TimeSpan.Zero)).Count);

        // A 418 on the trader's market data bans the IP for 40 s: Unhealthy while it lasts, one alert each, then resolved.
        await rig.Simulator.ArmAsync("Ban", retryAfterSeconds: 40, request: Klines);
        var banned = await HealthAsync(web, HttpStatusCode.ServiceUnavailable, "exchange", "Unhealthy", ct);
        Assert.Contains("banned this IP (HTTP 418)", Check(banned, "exchange").GetProperty("description").GetString()!, StringComparison.Ordinal);
        var banAlerts = await receivers.ReceivedAsync("exchange-backing-off", 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["telegram", "webhook"], banAlerts.Select(r => r.Receiver).Order());
        await HealthAsync(web, HttpStatusCode.OK, "exchange", "Healthy", ct, TimeSpan.FromSeconds(90));
        Assert.Equal(4, (await receivers.ReceivedAsync("exchange-backing-off", 4, TimeSpan.FromSeconds(30))).Count);

        // The web process made no trading call: no cycle ran in it, and its own client never backed off.
        Assert.Equal(0, web.CyclesRun);
        Assert.DoesNotContain("a-regenerated-secret", trader.Output + web.Output, StringComparison.Ordinal);
        Figures.Record(FormattableString.Invariant(
            $"keys refused: 503 from the web process {secondsTo503:0.0} s ({cyclesTo503} trader cycles) after the key was regenerated at the exchange; alerts 1 per receiver (webhook, telegram), 1 resolved each after the key was restored, none more over 3 cycles; 418 ban: 503, 1 alert + 1 resolved per receiver"));
    }

    /// <summary>
    /// Issue 21 item 3: the exchange refuses protective lists on the symbol (no OCO there), so an open position has no
    /// working list; past <c>Alerts__UnprotectedCycles</c> (2) one alert per receiver names it and says why.
    /// </summary>
    [Fact]
    public async Task PositionWithoutAWorkingList_PastTheUnprotectedCycles_OneAlertPerReceiverNamingItAndWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300, ("Simulator__OcoDisallowed", "ETHUSDT"));
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        var bot = await rig.StartBotAsync(rig.Settings([.. receivers.BotSettings(), ("Bot__Symbols", "ETHUSDT"), ("Strategy__Protection", "Exchange"), ("Strategy__StopLossPercent", "20"), ("Strategy__TakeProfitPercent", "20")]));

        var alerts = await receivers.ReceivedAsync("position-unprotected", 2, TimeSpan.FromSeconds(120));

        Assert.Equal(["telegram", "webhook"], alerts.Select(r => r.Receiver).Order());
        var webhook = alerts.Single(r => r.Receiver == "webhook").Body.ToJsonString();
        var bare = (await rig.PositionsAsync()).Where(p => p.Symbol == "ETHUSDT").ToList();
        Assert.Contains(bare, p => webhook.Contains($"#{p.Sequence}", StringComparison.Ordinal));
        Assert.Contains("ocoAllowed", webhook, StringComparison.Ordinal); // why: the symbol's rules refuse lists
        var cycles = bot.CyclesRun;
        await Eventually.HoldsAsync(() => Task.FromResult(bot.CyclesRun), n => n >= cycles + 3, TimeSpan.FromSeconds(30), n => $"{n} cycles", ct);
        var hooks = (await receivers.ReceivedAsync("position-unprotected", 3, TimeSpan.Zero)).Where(r => r.Receiver == "webhook").Select(r => ((string?)r.Body["key"], (string?)r.Body["status"])).ToList();
        Assert.Equal(hooks.Distinct().Count(), hooks.Count); // each position raised once (and resolved once when it closed)
        Figures.Record($"unprotected position: {bare.Count} ETHUSDT position(s) without a list (OCO not allowed), 1 position-unprotected alert per receiver after 2 cycles, naming the position and why");
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

    /// <summary>Waits until the verbose report answers <paramref name="status"/> with the check <paramref name="name"/> at <paramref name="checkStatus"/>.</summary>
    private static async Task<JsonElement> HealthAsync(DevHostProcess host, HttpStatusCode status, string name, string checkStatus, CancellationToken ct, TimeSpan? timeout = null)
    {
        var (_, report) = await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await host.Client.GetAsync("api/health/verbose", ct);
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                return (response.StatusCode, Report: document.RootElement.Clone());
            },
            r => r.StatusCode == status && Check(r.Report, name).GetProperty("status").GetString() == checkStatus,
            timeout ?? TimeSpan.FromSeconds(60),
            r => $"{(int)r.StatusCode} {r.Report}",
            ct);
        return report;
    }

    private static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
