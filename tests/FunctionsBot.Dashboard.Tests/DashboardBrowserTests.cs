using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using FunctionsBot.Testing;
using Microsoft.Playwright;
using static FunctionsBot.Dashboard.Tests.DashboardPage;

namespace FunctionsBot.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (Playwright driving Debian's Chromium) against the DevHost, the simulator and Azurite,
/// each a process of its own. The page must show what the read APIs say, and the trades what the exchange filled.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepoPaths.Root, "TestResults", "dashboard");

    [Fact]
    public async Task AfterAFewTrades_ThePageShowsTheReadApisNumbers_AndItsKillSwitchIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteServer.StartAsync();
        await using var simulator = await SimulatorProcess.StartAsync(new Dictionary<string, string?> { ["Simulator__ClockSpeed"] = "120" });
        var account = "dash" + Guid.NewGuid().ToString("N")[..12];
        await using var bot = await DevHostProcess.StartAsync(Settings(azurite, simulator, account));
        var api = bot.Client;

        // Trade: cycles are invoked one at a time, so the ledger holds still once the browser looks at it.
        var positions = await Eventually.HoldsAsync(
            async () =>
            {
                using var run = await api.PostAsync(new Uri("admin/functions/TradeCycle", UriKind.Relative), null, ct);
                return await GetAsync(api, "api/positions?status=all", ct);
            },
            p => Trades(p).Count >= 3,
            TimeSpan.FromSeconds(120),
            p => $"{Trades(p).Count} closed trades",
            ct);

        // Two earlier days of hourly points, as the cycles of those hours would have written them, give the curve a shape.
        var history = new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger");
        var thisHour = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, DateTime.UtcNow.Day, DateTime.UtcNow.Hour, 0, 0, TimeSpan.Zero);
        for (var h = 48; h >= 1; h--)
        {
            var hour = thisHour.AddHours(-h);
            var realized = Math.Round((decimal)(3 * Math.Sin(h / 5.0)) + (0.05m * (48 - h)), 2);
            await history.UpsertEntityAsync(
                new TableEntity(account, "_equity-" + hour.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture))
                {
                    ["Hour"] = hour, ["At"] = hour.AddMinutes(59), ["Realized"] = realized.ToString(CultureInfo.InvariantCulture), ["Unrealized"] = "0", ["Fees"] = "0",
                    ["DustWrittenOff"] = "0", ["OpenPositions"] = 0,
                },
                cancellationToken: ct);
        }

        await using var browser = await Browser.LaunchAsync();
        var (page, errors) = await browser.OpenAsync(1280, 800);
        await page.GotoAsync(new Uri(api.BaseAddress!, "api/dashboard?refresh=2").ToString());
        await RefreshedAsync(page);

        var pnl = await GetAsync(api, "api/pnl", ct);
        var equity = await GetAsync(api, "api/equity", ct);
        var killSwitch = await GetAsync(api, "api/killswitch", ct);
        var audit = await GetAsync(api, "api/audit?limit=25", ct);
        positions = await GetAsync(api, "api/positions?status=all", ct);

        // Tiles: the same numbers as the read APIs.
        var total = pnl.GetProperty("total").GetDecimal();
        Same(total, await ValueAsync(page, "#tile-pnl-total"));
        Assert.Equal(Money(total), await TextAsync(page, "#tile-pnl-total"));
        var today = pnl.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("day").GetString() == DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Same(today.GetProperty("realized").GetDecimal(), await ValueAsync(page, "#tile-pnl-today"));
        var points = equity.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 49, 50); // 50 when the run crosses the hour
        var lastEquity = points[^1].GetProperty("equity").GetDecimal();
        Same(lastEquity, await ValueAsync(page, "#tile-equity"));
        Assert.Equal(Money(lastEquity), await TextAsync(page, "#tile-equity"));
        var values = points.Select(p => p.GetProperty("equity").GetDecimal()).ToList();
        var worst = values.Select((v, i) => v - values.Take(i + 1).Max()).Min();
        Same(worst, await ValueAsync(page, "#tile-drawdown"));
        var open = positions.GetProperty("positions").EnumerateArray().Count(p => p.GetProperty("status").GetString() is "Open" or "Closing");
        Assert.Equal(open, await ValueAsync(page, "#tile-open"));
        Assert.False(killSwitch.GetProperty("active").GetBoolean());
        Assert.Equal("off", await TextAsync(page, "#tile-killswitch"));
        Assert.Equal("Healthy", await TextAsync(page, "#tile-health"));
        Assert.EndsWith("s ago", await TextAsync(page, "#tile-cycle"), StringComparison.Ordinal);

        // Charts: the equity curve and the daily bars have their points.
        Assert.Equal(points.Count.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#equity-chart", "data-points"));
        Assert.Equal(1, await page.Locator("#equity-chart canvas").CountAsync());
        Assert.Equal(pnl.GetProperty("days").GetArrayLength().ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#pnl-chart", "data-points"));

        // Closed trades: each row as the positions API has it, and its exit as the exchange filled it.
        var trades = Trades(positions);
        var rows = await RowsAsync(page, "trades");
        Assert.Equal(trades.Count, rows.Count);
        var orders = await simulator.OrdersAsync();
        var prefix = "fb" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account)))[..8] + "-";
        foreach (var (trade, row) in trades.OrderByDescending(t => t.GetProperty("closedAt").GetDateTimeOffset()).Zip(rows))
        {
            var sequence = trade.GetProperty("sequence").GetInt64();
            Assert.Equal($"#{sequence}", row[1]);
            Assert.Equal(trade.GetProperty("symbol").GetString(), row[2]);
            Same(trade.GetProperty("soldQuantity").GetDecimal(), Dec(row[3]));
            Same(trade.GetProperty("realizedPnl").GetDecimal(), Dec(row[7]));
            Same(trade.GetProperty("exitPrice").GetDecimal(), Dec(row[5]));
            Assert.Equal(trade.GetProperty("exitReason").GetString(), row[8]);
            var sells = orders.Where(o => o.ClientOrderId.StartsWith($"{prefix}{sequence}-", StringComparison.Ordinal) && o.Side == "SELL" && Dec(o.ExecutedQty) > 0).ToList();
            Assert.NotEmpty(sells);
            var soldAtExchange = sells.Sum(o => Dec(o.ExecutedQty));
            Same(soldAtExchange, Dec(row[3]));
            Same(sells.Sum(o => Dec(o.CummulativeQuoteQty)) / soldAtExchange, Dec(row[5]));
            foreach (var sell in sells.Where(o => Dec(o.Commission) > 0))
            {
                Assert.Contains(sell.CommissionAsset!, row[6], StringComparison.Ordinal);
            }
        }

        // Open positions and the audit tail.
        Assert.Equal(Math.Max(1, positions.GetProperty("positions").EnumerateArray().Count(p => p.GetProperty("status").GetString() is "Open" or "Closing" or "Pending")), (await RowsAsync(page, "positions")).Count);
        var auditRows = await RowsAsync(page, "audit");
        var records = audit.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(records.Count, auditRows.Count);
        Assert.Equal(records[0].GetProperty("kind").GetString(), auditRows[0][1]);
        Assert.Equal(records[0].GetProperty("message").GetString(), auditRows[0][3]);

        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-1280x800.png") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-1280x800-full.png"), FullPage = true });

        // The kill switch through the page: a confirmation, the API's state changes, and the change is audited.
        await page.ClickAsync("#ks-on");
        await page.FillAsync("#confirm-reason", "browser drill: block entries");
        await page.ClickAsync("#confirm-ok");
        await Eventually.HoldsAsync(() => GetAsync(api, "api/killswitch", ct), k => k.GetProperty("active").GetBoolean(), TimeSpan.FromSeconds(20), k => k.ToString(), ct);
        var activated = await AuditedAsync(api, "KillSwitchActivated", "browser drill: block entries", ct);
        Assert.Contains("dashboard", activated.GetProperty("actor").GetString(), StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => TextAsync(page, "#tile-killswitch"), text => text == "ON", TimeSpan.FromSeconds(20), text => text, ct);
        Assert.True(await page.Locator("#ks-on").IsDisabledAsync());
        Assert.True(await page.Locator("#ks-flatten").IsEnabledAsync(), "Flatten is the escalation an active switch still allows");

        await page.ClickAsync("#ks-off");
        await page.FillAsync("#confirm-reason", "browser drill: re-arm");
        await page.ClickAsync("#confirm-ok");
        await Eventually.HoldsAsync(() => GetAsync(api, "api/killswitch", ct), k => !k.GetProperty("active").GetBoolean(), TimeSpan.FromSeconds(20), k => k.ToString(), ct);
        await AuditedAsync(api, "KillSwitchDeactivated", "browser drill: re-arm", ct);

        // Later refreshes read only the newest hour on and append: the curve still holds each point once.
        await RefreshedAsync(page, await RefreshesAsync(page), 2);
        var pointsNow = (await GetAsync(api, "api/equity", ct)).GetProperty("points").GetArrayLength();
        Assert.Equal(pointsNow.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#equity-chart", "data-points"));

        // Flatten needs a second confirmation: the first alone, or the second without the typed word, changes nothing.
        await page.ClickAsync("#ks-flatten");
        await page.FillAsync("#confirm-reason", "browser drill: flatten");
        await page.ClickAsync("#confirm-ok");
        Assert.Equal("Second confirmation", await TextAsync(page, "#confirm-title"));
        await page.ClickAsync("#confirm-ok");
        Assert.True(await page.Locator("#confirm-error").IsVisibleAsync());
        await page.ClickAsync("#confirm-dialog button[value=cancel]");
        Assert.False(await page.Locator("#confirm-dialog").IsVisibleAsync());
        Assert.False((await GetAsync(api, "api/killswitch", ct)).GetProperty("active").GetBoolean());

        var (phone, phoneErrors) = await browser.OpenAsync(390, 844);
        await phone.GotoAsync(new Uri(api.BaseAddress!, "api/dashboard").ToString());
        await RefreshedAsync(phone);
        Same(total, await ValueAsync(phone, "#tile-pnl-total"));
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-390x844.png") });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-390x844-full.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.Empty(phoneErrors);
        Figures.Record($"dashboard: {trades.Count} closed trades, {points.Count} equity point(s), {records.Count} audit rows shown as the APIs have them; kill switch on/off through the page audited; screenshots in TestResults/dashboard/");
    }

    [Fact]
    public async Task WithAFunctionKey_ThePageAsksForIt_AndWithTheLedgerGone_ItSaysSoAndDropsItsNumbers()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "dashboard-test-function-key-7f3a";
        var azurite = await AzuriteServer.StartAsync();
        try
        {
            await using var simulator = await SimulatorProcess.StartAsync();
            var settings = Settings(azurite, simulator, "dashkey" + Guid.NewGuid().ToString("N")[..8]);
            settings["DevHost__FunctionKey"] = Key;
            settings["Health__CacheSeconds"] = "1";
            await using var bot = await DevHostProcess.StartAsync(settings);
            var api = bot.Client;
            using (var cycle = new HttpRequestMessage(HttpMethod.Post, new Uri("admin/functions/TradeCycle", UriKind.Relative)) { Headers = { { "x-functions-key", Key } } })
            using (var run = await api.SendAsync(cycle, ct))
            {
                Assert.True(run.IsSuccessStatusCode, $"TradeCycle: {(int)run.StatusCode}");
            }

            // The page and its files are anonymous and hold no key; the data routes are not.
            foreach (var route in new[] { "api/dashboard", "api/dashboard/dashboard.js", "api/dashboard/charts.js" })
            {
                using var response = await api.GetAsync(new Uri(route, UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.DoesNotContain(Key, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
                Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            }

            foreach (var route in new[] { "api/pnl", "api/equity", "api/positions", "api/audit", "api/killswitch", "api/health/verbose" })
            {
                using var response = await api.GetAsync(new Uri(route, UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            // Bad ranges are 400s with a problem-details body naming what is wrong.
            foreach (var (query, says) in new[]
            {
                ("from=yesterday", "'from' must be an ISO 8601 time"), ("from=2026-12-05&to=2026-12-01", "is after 'to'"), ("limit=0", "'limit' must be a whole number"),
                ("limit=5000&to=%00", "'to' must be an ISO 8601 time"), ("continuation=not-a-token", "'continuation' must be the token"),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/equity?" + query, UriKind.Relative)) { Headers = { { "x-functions-key", Key } } };
                using var response = await api.SendAsync(request, ct);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains(says, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }

            using (var missing = await api.GetAsync(new Uri("api/dashboard/nope.js", UriKind.Relative), ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
            }

            await using var browser = await Browser.LaunchAsync();
            var (page, errors) = await browser.OpenAsync(1280, 800);
            await page.GotoAsync(new Uri(api.BaseAddress!, "api/dashboard?refresh=2").ToString());
            await page.Locator("#key-dialog").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            await page.FillAsync("#key-input", "wrong-key");
            await page.ClickAsync("#key-form button[type=submit]");
            await Eventually.HoldsAsync(() => page.Locator("#key-error").IsVisibleAsync(), shown => shown, TimeSpan.FromSeconds(20), shown => $"refusal shown: {shown}", ct);
            await page.FillAsync("#key-input", Key);
            await page.ClickAsync("#key-form button[type=submit]");
            await RefreshedAsync(page);
            Assert.Equal("0.00", await TextAsync(page, "#tile-pnl-total"));
            Assert.Equal("Healthy", await TextAsync(page, "#tile-health"));
            Assert.Equal(Key, await page.EvaluateAsync<string>("sessionStorage.getItem('functionsbot.functionKey')"));
            Assert.DoesNotContain(Key, page.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, await page.ContentAsync(), StringComparison.Ordinal);

            // The ledger goes away: the page says what is wrong and shows no number it can no longer vouch for.
            var seen = await RefreshesAsync(page);
            await azurite.DisposeAsync();
            await Eventually.HoldsAsync(
                () => TextAsync(page, "#problems"),
                text => text.Contains("ledger", StringComparison.OrdinalIgnoreCase) && text.Contains("Positions:", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                text => $"banner: '{text}'",
                ct);
            await RefreshedAsync(page, seen);
            foreach (var tile in new[] { "equity", "pnl-today", "pnl-total", "drawdown", "open", "killswitch", "cycle" })
            {
                Assert.Equal("—", await TextAsync(page, $"#tile-{tile}"));
                Assert.Null(await ValueAsync(page, $"#tile-{tile}"));
            }

            Assert.Contains("Unavailable", (await RowsAsync(page, "trades"))[0][0], StringComparison.Ordinal);
            Assert.Equal("0", await page.GetAttributeAsync("#equity-chart", "data-points"));
            Assert.Equal("Unhealthy", await TextAsync(page, "#tile-health"));
            Directory.CreateDirectory(Screenshots);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-ledger-unreachable-1280x800.png"), FullPage = true });

            // The browser reports every refused or failed request as a console error; anything else is the page's fault.
            Assert.DoesNotContain(errors, e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal));
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheBacktestsHtmlReport_DrawsWithTheDashboardsChartCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await Backtest.Engine.Backtester.RunAsync(
            new Backtest.Engine.BacktestOptions { Symbols = ["BTCUSDT"], From = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero), Settings = new Dictionary<string, string>() },
            ct);
        Directory.CreateDirectory(Screenshots);
        var report = Path.Combine(Screenshots, "backtest-report.html");
        await Backtest.Report.ReportWriter.WriteHtmlAsync(result, report, ct);

        await using var browser = await Browser.LaunchAsync();
        var (page, errors) = await browser.OpenAsync(1280, 800);
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        // The same charts as the live page: an hourly equity curve with its drawdown, and one bar per day.
        await page.Locator("#equity-chart canvas").WaitForAsync();
        Assert.Equal(result.Curve.Hourly.Count.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#equity-chart", "data-points"));
        Assert.Equal((result.Curve.DailyCloses.Count - 1).ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#pnl-chart", "data-points"));
        Assert.Equal(result.Curve.Hourly.Count, await page.EvaluateAsync<int>("document.getElementById('equity-chart')._chart.data[1].length"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "backtest-report-1280x800.png") });
        Assert.Empty(errors);
    }

    private static Dictionary<string, string?> Settings(AzuriteServer azurite, SimulatorProcess simulator, string account) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Binance__BaseUrl"] = simulator.BaseAddress.ToString(),
        ["Bot__Account"] = account,
        ["Bot__Symbols"] = "BTCUSDT,ETHUSDT",
        // Cycles run when the test invokes them (the DevHost's admin route), never on their own.
        ["TradeCycle__Schedule"] = "0 0 0 1 1 *",
        ["Reconcile__Schedule"] = "0 0 0 1 1 *",
        ["Strategy__MaCrossover__FastPeriod"] = "2",
        ["Strategy__MaCrossover__SlowPeriod"] = "4",
        ["Strategy__StopLossPercent"] = "0.3",
        ["Strategy__TakeProfitPercent"] = "0.3",
        ["Strategy__TradeQuote"] = "20",
        ["Risk__MaxOpenPositions"] = "2",
        ["Risk__CooldownMinutes"] = "0",
    };

    private static List<JsonElement> Trades(JsonElement positions) =>
        positions.GetProperty("positions").EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() is "Closed" or "Dust" && p.GetProperty("soldQuantity").GetDecimal() > 0)
            .ToList();

    private static async Task<JsonElement> AuditedAsync(HttpClient api, string kind, string reason, CancellationToken ct)
    {
        var audit = await GetAsync(api, "api/audit?limit=50", ct);
        return audit.GetProperty("records").EnumerateArray().First(r => r.GetProperty("kind").GetString() == kind && r.GetProperty("message").GetString()!.Contains(reason, StringComparison.Ordinal));
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string route, CancellationToken ct)
    {
        using var response = await api.GetAsync(new Uri(route, UriKind.Relative), ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {route}: {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The page computes in doubles: a value it shows is the API's to 12 significant digits.</summary>
    private static void Same(decimal expected, decimal? shown)
    {
        Assert.NotNull(shown);
        Assert.True(Math.Abs(expected - shown.Value) <= 1e-12m * Math.Max(1m, Math.Abs(expected)), $"shown {shown}, expected {expected}");
    }
}
