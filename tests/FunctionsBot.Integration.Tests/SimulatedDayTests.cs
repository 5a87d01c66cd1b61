using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// A day of market time (simulator clock ×2880: 30 real seconds) traded by one bot process: positions open and close,
/// the ledger's realized PnL equals what the simulator's fills say, a Flatten kill switch closes
/// everything, and a restart does not clear it.
/// </summary>
[Collection("Drills")]
public sealed class SimulatedDayTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SimulatedDay_PnlMatchesFills_FlattenClosesAll_KillSwitchSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 2880);
        var settings = rig.Settings(
            ("Bot__Symbols", "BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,DOGEUSDT"),
            ("Risk__MaxOpenPositions", "3"),
            ("Strategy__StopLossPercent", "1"),
            ("Strategy__TakeProfitPercent", "1"));
        var bot = await rig.StartBotAsync(settings);
        // A day of market time is 30 s; keep trading until at least 3 positions closed (at most 2 more minutes).
        var start = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(31)
            || ((await rig.PositionsAsync()).Count(p => p.Status == "Closed") < 3 && DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(150)))
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        var diagnosis = TradingRig.Diagnosis(await rig.AuditAsync(), bot);

        // Flatten while a position is open: it is closed at market, step by step, audited.
        var openWait = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await rig.PositionsAsync()).Any(p => p.Status == "Open") && DateTimeOffset.UtcNow < openWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        using (var post = await bot.Client.PostAsync(
            "api/killswitch", new StringContent("""{"active": true, "mode": "Flatten", "reason": "end of the simulated day", "actor": "e2e"}""", Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await rig.PositionsAsync()).Any(p => p.Status is "Open" or "Pending" or "Closing") && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var openBeforeStop = (await rig.PositionsAsync()).Count(p => p.Status is "Open" or "Pending" or "Closing");
        await rig.StopBotsAsync();
        var positions = await rig.PositionsAsync();
        var orders = (await rig.OrdersAsync()).ToDictionary(o => o.ClientOrderId);
        var audit = await rig.AuditAsync();

        Assert.Equal(0, openBeforeStop);
        var closed = positions.Where(p => p.Status == "Closed").ToList();
        Assert.True(closed.Count >= 3, $"only {closed.Count} positions closed in the simulated day;{Environment.NewLine}{diagnosis}");

        // Realized PnL per position, from the simulator's own fills: exit quote net of commission minus entry quote
        // (the entry's commission is taken in the base asset).
        decimal FromFills(LedgerPosition p) =>
            D(orders[p.ExitClientOrderId!].CummulativeQuoteQty) - D(orders[p.ExitClientOrderId!].Commission) - D(orders[p.EntryClientOrderId].CummulativeQuoteQty);
        Assert.All(closed, p => Assert.Equal(FromFills(p), p.RealizedPnl));
        var ledgerTotal = closed.Sum(p => p.RealizedPnl!.Value);
        Assert.Equal(closed.Sum(FromFills), ledgerTotal);

        var flattened = closed.Count(p => p.ExitReason == "kill-switch flatten");
        Assert.True(flattened >= 1, "no position was open when Flatten was asked");
        Assert.Equal(flattened, audit.Count(a => a.Kind == "FlattenStep" && a.Message.Contains("closing", StringComparison.Ordinal)));

        // A restart does not clear the kill switch; the PnL API agrees with the ledger.
        var restarted = await rig.StartBotAsync(settings);
        using var killSwitch = JsonDocument.Parse(await restarted.Client.GetStringAsync("api/killswitch", ct));
        Assert.True(killSwitch.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("Flatten", killSwitch.RootElement.GetProperty("mode").GetString());
        var pnl = await restarted.Client.GetFromJsonAsync<JsonElement>("api/pnl", ct);
        Assert.Equal(ledgerTotal, pnl.GetProperty("total").GetDecimal());
        var page = await restarted.Client.GetFromJsonAsync<JsonElement>("api/audit?limit=5", ct);
        Assert.Equal(5, page.GetProperty("records").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("continuation").GetString()));
        var health = await restarted.Client.GetFromJsonAsync<JsonElement>("api/health?verbose=true", ct);
        var risk = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "risk");
        Assert.Contains("audit chain intact", risk.GetProperty("description").GetString(), StringComparison.Ordinal);

        Figures.Record(string.Create(CultureInfo.InvariantCulture, $"simulated day (x2880, {bot.CyclesRun} cycles): {orders.Count} orders, {closed.Count} closed positions ({flattened} by Flatten), realized PnL {ledgerTotal} USDT = simulator fills {closed.Sum(FromFills)}"));
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
