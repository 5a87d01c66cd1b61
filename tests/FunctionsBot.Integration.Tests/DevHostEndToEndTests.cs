using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FunctionsBot.Integration.Tests;

/// <summary>The DevHost as a real process with Azurite, driven over HTTP.</summary>
public sealed class DevHostEndToEndTests(BotFixture bot) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task Health_Running_Answers200WithShortJson()
    {
        using var response = await bot.Client.GetAsync("api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(body.RootElement.GetProperty("status").GetString(), new[] { "Healthy", "Degraded" });
        Assert.Equal("Simulated", body.RootElement.GetProperty("mode").GetString());
        Assert.False(body.RootElement.TryGetProperty("checks", out var checks) && checks.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task AdminRun_ATimerFunctionRunsNow_AnythingElseIs404()
    {
        var ct = TestContext.Current.CancellationToken;

        using var run = await bot.Client.PostAsync(new Uri("admin/functions/TradeCycle", UriKind.Relative), null, ct);
        using var http = await bot.Client.PostAsync(new Uri("admin/functions/Health", UriKind.Relative), null, ct);
        using var unknown = await bot.Client.PostAsync(new Uri("admin/functions/Nope", UriKind.Relative), null, ct);

        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal("Succeeded", (await run.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, http.StatusCode); // an HTTP function is called on its route
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_Verbose_ListsEveryCheck()
    {
        using var body = JsonDocument.Parse(await bot.Client.GetStringAsync("api/health/verbose", TestContext.Current.CancellationToken));

        var names = body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["storage", "ledger", "lastCycle", "killSwitch", "risk", "exchange", "configuration", "reconciliation", "alerts", "protection"], names);
        // A report cached before the first cycle reached the exchange says so; a later one is healthy.
        for (var attempt = 0; attempt < 40 && await CheckAsync("exchange") != "Healthy"; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }

        Assert.Equal("Healthy", await CheckAsync("exchange"));
    }

    [Fact]
    public async Task TradeCycle_EveryTwoSeconds_AdvancesTheLastCycleTime()
    {
        var first = await WaitForLastCycleAsync(after: null);

        var second = await WaitForLastCycleAsync(after: first);

        Assert.True(second > first);
        var rows = await bot.RowsAsync();
        Assert.Contains(rows, r => r.GetString("Kind") == "CycleCompleted");
    }

    [Fact]
    public async Task KillSwitch_PostThenGet_LatchedWithReasonActorAndAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        // A report taken just before the change is cached (Health__CacheSeconds); the change must not be hidden by it.
        Assert.Equal("Healthy", await CheckAsync("killSwitch"));
        using var post = await bot.Client.PostAsync(
            "api/killswitch", Json("""{"active": true, "reason": "e2e drill", "actor": "alice"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        using var get = JsonDocument.Parse(await bot.Client.GetStringAsync("api/killswitch", ct));
        Assert.True(get.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("e2e drill", get.RootElement.GetProperty("reason").GetString());
        Assert.Equal("function-key (declared alice)", get.RootElement.GetProperty("by").GetString());

        var audit = (await bot.RowsAsync()).Where(r => r.GetString("Kind") == "KillSwitchActivated").ToList();
        var row = Assert.Single(audit);
        Assert.Equal("function-key (declared alice)", row.GetString("Actor"));

        using var again = await bot.Client.PostAsync("api/killswitch", Json("""{"active": true, "reason": "again"}"""), ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var health = JsonDocument.Parse(await bot.Client.GetStringAsync("api/health", ct));
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", await CheckAsync("killSwitch"));

        // Without App Service authentication (WEBSITE_AUTH_ENABLED) a principal header is the caller's own claim: ignored.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "api/killswitch") { Content = Json("""{"active": false, "reason": "drill over", "actor": "bob"}""") };
        forged.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "ceo@example.com");
        using var deactivate = await bot.Client.SendAsync(forged, ct);
        Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);
        Assert.Single(await bot.RowsAsync(), r => r.GetString("Kind") == "KillSwitchDeactivated" && r.GetString("Actor") == "function-key (declared bob)");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"active": true}""")]
    [InlineData("""{"active": true, "reason": ""}""")]
    [InlineData("""{"active": "yes", "reason": "r"}""")]
    [InlineData("""{"active": true, "reason": "r", "extra": 1}""")]
    public async Task KillSwitch_BadBody_Answers400ProblemAndChangesNothing(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await KillSwitchAuditCountAsync();

        using var response = await bot.Client.PostAsync("api/killswitch", Json(body), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(before, await KillSwitchAuditCountAsync());
    }

    [Fact]
    public async Task KillSwitch_OversizedBody_Answers400AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await KillSwitchAuditCountAsync();
        var body = $$"""{"active": true, "reason": "{{new string('x', 10_000)}}"}""";

        using var response = await bot.Client.PostAsync("api/killswitch", Json(body), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 4096 bytes", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await KillSwitchAuditCountAsync());
    }

    [Fact]
    public async Task Health_BadVerboseValue_Answers400Problem()
    {
        using var response = await bot.Client.GetAsync("api/health?verbose=maybe", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Audit_TheReturnedContinuationPages_AnyOtherAnswers400Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await WaitForLastCycleAsync(after: null);
        var first = await bot.Client.GetFromJsonAsync<JsonElement>("api/audit?limit=1", ct);
        var token = first.GetProperty("continuation").GetString()!;

        using var next = await bot.Client.GetAsync($"api/audit?limit=1&continuation={Uri.EscapeDataString(token)}", ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        foreach (var bad in new[] { "garbage", "%ED%A0%80", "a%20b%20c", Uri.EscapeDataString(new string('x', 3000)), "%00%20%00" })
        {
            using var response = await bot.Client.GetAsync($"api/audit?continuation={bad}", ct);
            Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>After the first cycle (the ledger table exists from then on): the kill-switch records so far.</summary>
    private async Task<int> KillSwitchAuditCountAsync()
    {
        await WaitForLastCycleAsync(after: null);
        return (await bot.RowsAsync()).Count(r => r.GetString("Kind") is "KillSwitchActivated" or "KillSwitchDeactivated");
    }

    private async Task<DateTimeOffset> WaitForLastCycleAsync(DateTimeOffset? after)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            Azure.Data.Tables.TableEntity? state;
            try
            {
                state = (await bot.RowsAsync()).SingleOrDefault(r => r.RowKey == "state");
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                state = null; // until the first cycle commits, the ledger table may not exist yet
            }
            if (state?.GetDateTimeOffset("LastSuccessfulCycleAt") is { } last && (after is null || last > after))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No cycle completed after {after} within 15 s. DevHost output:{Environment.NewLine}{bot.Host.Output}");
    }

    private async Task<string?> CheckAsync(string name)
    {
        using var report = JsonDocument.Parse(await bot.Client.GetStringAsync("api/health/verbose", TestContext.Current.CancellationToken));
        return report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString();
    }
}
