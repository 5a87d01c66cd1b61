using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// A day of market time (simulator clock ×2880: 30 real seconds) traded by one bot process on a thin book — three
/// levels of 4–12 USDT a side, a side empty in 15 % of market seconds — with fees paid in BNB for the first half
/// and in the received asset after. Entries and exits fill in part or not at all and leave dust. Then a Flatten
/// kill switch closes what is open and survives a restart. At the end the books equal the account, per asset,
/// against the simulator's own balances and trades: base exactly; quote to 1e-8 once BNB commissions are valued. Protection
/// is on the exchange (the default): entries are LIMIT IOC OPOCO lists, protected from the fill when they fill fully, by the
/// bot's own list in the same cycle when the thin book fills them in part; none pays above its limit.
/// </summary>
[Collection("Drills")]
public sealed class SimulatedDayTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SimulatedDay_ThinBookBnbFees_BooksEqualTheAccountPerAsset_FlattenClosesAll_KillSwitchSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(
            azurite,
            clockSpeed: 2880,
            ("Simulator__PayFeesWithBnb", "true"),
            ("Simulator__BookLevels", "3"),
            ("Simulator__BookSpacing", "0.0005"),
            ("Simulator__BookLevelQuote", "8"),
            ("Simulator__EmptyBookPercent", "15"));
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        var before = await rig.Simulator.BalancesAsync();
        var settings = rig.Settings(
        [
            .. receivers.BotSettings(),
            ("Bot__Symbols", "BTCUSDT,ETHUSDT,SOLUSDT,XRPUSDT,DOGEUSDT"),
            ("Risk__MaxOpenPositions", "3"),
            ("Strategy__StopLossPercent", "1"),
            ("Strategy__TakeProfitPercent", "1"),
            ("Strategy__TradeQuote", "24"), // about what three thin levels hold within the 0.5 % cap: LIMIT IOC entries fill fully or in part
        ]);
        var bot = await rig.StartBotAsync(settings);

        // A day of market time is 30 s; fees in BNB for the first half. Keep trading until the book's realities
        // were all met (a partial fill, a zero fill, dust, three exits), at most 2 more minutes.
        var start = DateTimeOffset.UtcNow;
        var bnbOff = false;
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(31)
            || (!MetEveryReality(await rig.OrdersAsync(), await rig.PositionsAsync()) && DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(150)))
        {
            if (!bnbOff && DateTimeOffset.UtcNow - start > TimeSpan.FromSeconds(15))
            {
                await rig.Simulator.PayFeesWithBnbAsync(false);
                bnbOff = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        var dayAudit = await rig.AuditAsync();
        var diagnosis = TradingRig.Diagnosis(dayAudit, bot);

        // Not one cycle of the day failed.
        Assert.DoesNotContain(dayAudit, a => a.Kind == "CycleFailed");

        // Flatten while a position is open and held by its list: the list is canceled, the position closed at market (the
        // rest may be dust), step by step, audited. The market slows to ×60 first, or the list's legs would beat the switch.
        await rig.Simulator.SetMarketSpeedAsync(60);
        var slowed = DateTimeOffset.UtcNow;
        var openWait = slowed.AddSeconds(30);
        while (!(await rig.PositionsAsync()).Any(p => p.Status == "Open" && p.Protection?.Status == "Active" && p.CreatedAt > slowed) && DateTimeOffset.UtcNow < openWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        using (var post = await bot.Client.PostAsync(
            "api/killswitch", new StringContent("""{"active": true, "mode": "Flatten", "reason": "end of the simulated day", "actor": "e2e"}""", Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var deadline = DateTimeOffset.UtcNow.AddSeconds(45);
        while ((await rig.PositionsAsync()).Any(p => p.Status is "Open" or "Pending" or "Closing") && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var openBeforeStop = (await rig.PositionsAsync()).Count(p => p.Status is "Open" or "Pending" or "Closing");
        var cycles = bot.CyclesRun;
        await rig.StopBotsAsync();
        var after = await rig.Simulator.BalancesAsync();
        var positions = await rig.PositionsAsync();
        var orders = await rig.OrdersAsync();
        var orderIds = orders.ToDictionary(o => o.OrderId, o => o.ClientOrderId);
        var trades = (await rig.Simulator.TradesAsync()).Where(t => orderIds.ContainsKey(t.OrderId)).ToList();
        var audit = await rig.AuditAsync();

        Assert.Equal(0, openBeforeStop);
        Assert.True(MetEveryReality(orders, positions), $"the day did not meet every book reality: {Realities(orders, positions)}{Environment.NewLine}{diagnosis}");
        Assert.Equal(trades.Count, orders.Sum(o => o.Fills));

        // Books = account: every asset's base exactly, the quote to 1e-8 once BNB commissions are valued (Books).
        var books = Books.Of(before, after, positions, orders, trades, audit);
        books.AssertEqual(diagnosis);
        var symbols = positions.Select(p => p.Symbol).Distinct().ToList();

        // BNB: every commission the exchange took in BNB was booked, in the amount it took.
        var bnbTrades = trades.Where(t => t.CommissionAsset == "BNB").ToList();
        var bnbTaken = bnbTrades.Sum(t => D(t.Commission));
        Assert.Equal(before["BNB"] - bnbTaken, after["BNB"]);
        var booked = audit.Where(a => a.Kind is "OrderFilled" or "IntentRecovered" or "ProtectionFilled" && a.Data.ContainsKey("commissionBNB")).ToList();
        Assert.Equal(bnbTaken, booked.Sum(a => D(a.Data["commissionBNB"])));

        // Exchange mode: every position an entry opened got its protective list in the cycle that opened it (or, where the
        // filters refuse a list, an audited fallback to the bot-side stop); after Flatten no leg is left working.
        var chronological = audit.AsEnumerable().Reverse().ToList();
        var opened = chronological.Select((a, i) => (a, i))
            .Where(e => e.a.Kind is "OrderFilled" or "IntentRecovered" && e.a.Data.GetValueOrDefault("clientOrderId", string.Empty).EndsWith("-e", StringComparison.Ordinal)
                && D(e.a.Data["executedQty"]) > 0 && D(e.a.Data["writtenOff"]) == 0)
            .Select(e => (Position: e.a.Data["position"], Fill: e.a.Message, Cycle: chronological.Skip(e.i + 1).TakeWhile(r => r.Kind is not ("CycleCompleted" or "CycleFailed")).ToList()))
            .ToList();

        // An entry filled fully is protected by its OPOCO from the fill; one filled in part by the bot's own list in that cycle.
        var byOpoco = opened.Count(o => o.Fill.Contains("works at the exchange from the fill", StringComparison.Ordinal));
        var partlyFilledOpoco = opened.Count(o => o.Fill.Contains("its pending OCO", StringComparison.Ordinal));
        var placedInCycle = byOpoco + opened.Count(o => o.Cycle.Any(r => r.Kind == "ProtectionPlaced" && r.Data["position"] == o.Position));
        var refusals = opened.SelectMany(o => o.Cycle.Where(r => r.Kind == "ProtectionFailed" && r.Data["position"] == o.Position)).ToList();
        var refusedInCycle = refusals.Select(r => r.Data["position"]).Distinct().Count();
        Assert.True(placedInCycle + refusedInCycle == opened.Count && placedInCycle > 0, $"{opened.Count} opened, {placedInCycle} protected and {refusedInCycle} refused in the same cycle{Environment.NewLine}{diagnosis}");
        Assert.DoesNotContain(orders, o => o.Type is "STOP_LOSS_LIMIT" or "LIMIT_MAKER" && o.Status is "NEW" or "PARTIALLY_FILLED");
        var legsSold = orders.Count(o => o.Type is "STOP_LOSS_LIMIT" or "LIMIT_MAKER" && D(o.ExecutedQty) > 0);

        // Entries are LIMIT IOC orders at the best ask + 0.5 %: no fill above its limit, the slippage paid within the cap.
        var entries = orders.Where(o => o.ClientOrderId.EndsWith("-e", StringComparison.Ordinal)).ToList();
        Assert.All(entries, e => Assert.Equal("LIMIT", e.Type));
        Assert.All(entries, e => Assert.All(trades.Where(t => t.OrderId == e.OrderId), t => Assert.True(D(t.Price) <= D(e.Price), $"{e.ClientOrderId} paid {t.Price} above its limit {e.Price}")));
        var asks = chronological.Where(a => a.Kind == "EntryIntent")
            .ToDictionary(a => a.Data["entryClientOrderId"], a => D(System.Text.RegularExpressions.Regex.Match(a.Message, @"\(ask ([0-9.]+) \+").Groups[1].Value));
        var slippage = entries.Where(e => D(e.ExecutedQty) > 0)
            .Select(e => ((D(e.CummulativeQuoteQty) / D(e.ExecutedQty) / asks[e.ClientOrderId]) - 1) * 100m).ToList();
        Assert.All(slippage, s => Assert.True(s <= 0.5m, $"slippage {s} % above the 0.5 % cap"));

        var flattened = positions.Count(p => p.ExitReason == "kill-switch flatten");
        Assert.True(flattened >= 1, "no position was open when Flatten was asked: " + TradingRig.Diagnosis(audit, bot));
        Assert.True(
            audit.Any(a => a.Kind == "ProtectionCanceled" && a.Message.Contains("flatten", StringComparison.Ordinal)),
            "Flatten canceled no protective list: " + TradingRig.Diagnosis(audit, bot));
        // On the thin book a Flatten exit can fill in part; the next cycle takes another step for the same position.
        Assert.Equal(flattened, audit.Where(a => a.Kind == "FlattenStep" && a.Message.Contains("closing", StringComparison.Ordinal)).Select(a => a.Data["position"]).Distinct().Count());

        // A restart does not clear the kill switch; the PnL API agrees with the ledger; re-armed, health is Healthy.
        var restarted = await rig.StartBotAsync(settings);
        using var killSwitch = JsonDocument.Parse(await restarted.Client.GetStringAsync("api/killswitch", ct));
        Assert.True(killSwitch.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("Flatten", killSwitch.RootElement.GetProperty("mode").GetString());
        var listed = await restarted.Client.GetFromJsonAsync<JsonElement>("api/positions", ct);
        var dustHeld = positions.Where(p => p.Status == "Dust").Sum(p => p.Quantity);
        Assert.Equal(dustHeld, listed.GetProperty("dust").EnumerateArray().Sum(d => d.GetProperty("quantity").GetDecimal()));
        Assert.Equal(positions.Count(p => p.Status == "Dust"), listed.GetProperty("positions").EnumerateArray().Count(p => p.GetProperty("status").GetString() == "Dust"));
        var pnl = await restarted.Client.GetFromJsonAsync<JsonElement>("api/pnl", ct);
        Assert.Equal(books.Realized - books.WrittenOff, pnl.GetProperty("total").GetDecimal());

        // Reconciled against the exchange: every order, fill and fee of the day as booked, so not one difference.
        using (var reconcile = await restarted.Client.PostAsync("api/reconcile", null, ct))
        {
            var report = await reconcile.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.True(reconcile.StatusCode == HttpStatusCode.OK, report.GetRawText());
            Assert.True(report.GetProperty("differences").GetArrayLength() == 0, report.GetRawText());
            Assert.Equal(orders.Count, report.GetProperty("orders").GetInt32());
            Assert.Equal(trades.Count, report.GetProperty("trades").GetInt32());
        }

        Assert.Contains(await rig.AuditAsync(), a => a.Kind == "Reconciled" && a.Data["differences"] == "0");

        using (var rearm = await restarted.Client.PostAsync(
            "api/killswitch", new StringContent("""{"active": false, "reason": "day reviewed", "actor": "e2e"}""", Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, rearm.StatusCode);
        }

        var health = await HealthyWithinAsync(restarted, TimeSpan.FromSeconds(20), ct);
        Assert.True(health.GetProperty("status").GetString() == "Healthy", health.GetRawText());

        // Alerts: the Flatten latch and its "resolved" once per receiver; nothing about reconciliation.
        var latched = await receivers.ReceivedAsync("kill-switch-latched", expected: 4, TimeSpan.FromSeconds(30));
        var alerts = await receivers.ReceivedAsync();
        Assert.True(latched.Count == 4, "kill-switch-latched messages (firing + resolved, per receiver): " + string.Join(" | ", alerts.Select(a => $"{a.Receiver}: {a.Body.ToJsonString()}")));
        Assert.DoesNotContain(alerts, a => a.Body.ToJsonString().Contains("reconciliation", StringComparison.Ordinal));

        var stats = await rig.Simulator.Admin.GetFromJsonAsync<JsonElement>("admin/stats", ct);
        Figures.Record(
            FormattableString.Invariant($"thin-book day (x2880, {cycles} cycles, {symbols.Count} symbols): {orders.Count} orders ({Realities(orders, positions)}), {trades.Count} fills; ")
            + FormattableString.Invariant($"fees: {bnbTaken} BNB on {bnbTrades.Count} fills (valued {books.OutsideBnbValued:0.########} USDT), ")
            + string.Join(", ", trades.Where(t => t.CommissionAsset != "BNB").GroupBy(t => t.CommissionAsset).Select(g => FormattableString.Invariant($"{g.Sum(t => D(t.Commission))} {g.Key} on {g.Count()} fills")))
            + FormattableString.Invariant($"; entries: {entries.Count} LIMIT IOC, {slippage.Count} filled, slippage over the ask mean {(slippage.Count == 0 ? 0 : slippage.Average()):0.###} % max {(slippage.Count == 0 ? 0 : slippage.Max()):0.###} % (cap 0.5 %), {entries.Count(e => e.Status == "EXPIRED" && D(e.ExecutedQty) > 0)} filled in part, {entries.Count(e => D(e.ExecutedQty) == 0)} with nothing")
            + FormattableString.Invariant($"; protection: {opened.Count} opened, {byOpoco} by their OPOCO at the fill, {partlyFilledOpoco} filled in part and protected by the bot's own list, {placedInCycle} protected in the cycle that opened them, {refusedInCycle} refused (bot-side stop{string.Concat(refusals.Select(r => ": " + r.Message[(r.Message.IndexOf(':', StringComparison.Ordinal) + 2)..r.Message.IndexOf(" The bot-side", StringComparison.Ordinal)]))}), {legsSold} legs sold")
            + FormattableString.Invariant($"; {flattened} closed by Flatten; {books}; ")
            + FormattableString.Invariant($"request weight {stats.GetProperty("weight").GetInt64()} over {cycles} cycles"));
    }

    /// <summary>MARKET exits and LIMIT IOC entries both expire with what the thin book gave them.</summary>
    private static bool MetEveryReality(IReadOnlyList<SimulatedOrder> orders, IReadOnlyList<LedgerPosition> positions) =>
        orders.Any(o => o.Type is "MARKET" or "LIMIT" && o.Status == "EXPIRED" && D(o.ExecutedQty) > 0)
        && orders.Any(o => o.Type is "MARKET" or "LIMIT" && o.Status == "EXPIRED" && D(o.ExecutedQty) == 0)
        && positions.Any(p => p.DustWrittenOff > 0)
        && orders.Count(o => o.Side == "SELL" && D(o.ExecutedQty) > 0) >= 3;

    private static string Realities(IReadOnlyList<SimulatedOrder> orders, IReadOnlyList<LedgerPosition> positions) =>
        FormattableString.Invariant($"{orders.Count(o => o.Status == "FILLED")} filled, {orders.Count(o => o.Type is "MARKET" or "LIMIT" && o.Status == "EXPIRED" && D(o.ExecutedQty) > 0)} partly filled and expired, ")
        + FormattableString.Invariant($"{orders.Count(o => o.Type is "MARKET" or "LIMIT" && o.Status == "EXPIRED" && D(o.ExecutedQty) == 0)} expired with nothing, {orders.Count(o => o.Side == "SELL" && D(o.ExecutedQty) > 0)} exits; ")
        + FormattableString.Invariant($"{positions.Count(p => p.DustWrittenOff > 0)} positions left dust");

    private static async Task<JsonElement> HealthyWithinAsync(DevHostProcess bot, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            using var response = await bot.Client.GetAsync("api/health/verbose", ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (body.GetProperty("status").GetString() == "Healthy" || DateTimeOffset.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
