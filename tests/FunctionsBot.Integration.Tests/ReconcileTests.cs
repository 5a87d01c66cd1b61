using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Reconciliation end to end: Azurite, the simulator, the DevHost and the fake Telegram and webhook receivers, each a
/// real process on loopback. Every expected number comes from the simulator (its trades and balances).
/// </summary>
[Collection("Drills")]
public sealed class ReconcileTests(AzuriteFixture azurite)
{
    private const string SixSymbols = "BTCUSDT,ETHUSDT,SOLUSDT,XRPUSDT,DOGEUSDT,BNBUSDT";

    [Fact]
    public async Task SoldOutside_FoundLockedAlertedOnce_ApprovalBooksTheSale_ReRunResolves_ThenAnUnknownBotOrderIsRejectedWithoutChange()
    {
        var ct = TestContext.Current.CancellationToken;
        // A dedicated account: it holds only what the bot bought (and the quote), so a sale outside the bot shows as a shortfall.
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300, ("Simulator__Balances", "USDT=10000"));
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        // Bot-side protection: a list at the exchange would lock the base a person sells here.
        var settings = rig.Settings([.. receivers.BotSettings(), ("Bot__Symbols", SixSymbols), ("Strategy__StopLossPercent", "20"), ("Strategy__TakeProfitPercent", "20"), ("Strategy__Protection", "Bot"), ("Reconcile__MinIntervalSeconds", "0")]);

        // A trading bot opens a position and is stopped as a host shutdown would; then only an HTTP-serving bot runs.
        var position = await OpenOnePositionAsync(rig, settings, ct);
        settings["TradeCycle__Schedule"] = "0 0 0 1 1 *";
        var bot = await rig.StartBotAsync(settings);

        // A person sells part of it on the exchange.
        var step = await rig.Simulator.StepSizeAsync(position.Symbol);
        var sold = Math.Floor(position.Quantity / 2 / step) * step;
        var tradesBefore = (await rig.Simulator.TradesAsync()).Count;
        await rig.Simulator.ManualTradeAsync(position.Symbol, "SELL", sold);
        var outside = (await rig.Simulator.TradesAsync()).Skip(tradesBefore).ToList();
        Assert.Equal(sold, outside.Sum(t => D(t.Qty)));

        var weightBefore = await WeightAsync(rig);
        var first = await ReconcileAsync(bot, ct);
        var weight = await WeightAsync(rig) - weightBefore;
        var shortfall = first.GetProperty("differences").EnumerateArray().SingleOrDefault(d => d.GetProperty("kind").GetString() == "AssetShortfall");
        Assert.True(
            shortfall.ValueKind == JsonValueKind.Object,
            $"{first.GetRawText()}{Environment.NewLine}balances: {JsonSerializer.Serialize(await rig.Simulator.BalancesAsync())}{Environment.NewLine}positions: {JsonSerializer.Serialize(await rig.PositionsAsync())}");
        Assert.Equal(1, first.GetProperty("mismatches").GetInt32());
        Assert.Equal(position.Symbol, shortfall.GetProperty("symbol").GetString());
        Assert.True(shortfall.GetProperty("aboveTolerance").GetBoolean());
        var proposalId = shortfall.GetProperty("proposalId").GetString()!;
        var locks = await bot.Client.GetFromJsonAsync<JsonElement>("api/locks", ct);
        Assert.Contains(locks.GetProperty("locks").EnumerateArray(), l => l.GetProperty("symbol").GetString() == position.Symbol && l.GetProperty("createdBy").GetString() == "reconcile");
        var health = await bot.Client.GetFromJsonAsync<JsonElement>("api/health/verbose", ct);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Contains(proposalId, health.GetRawText(), StringComparison.Ordinal);
        var received = await ReceivedAsync(receivers, "reconciliation-mismatch", expected: 2);
        Assert.Equal(["telegram", "webhook"], received.Select(r => r.Receiver).Order());
        var webhook = received.Single(r => r.Receiver == "webhook").Body;
        Assert.Equal(("firing", "critical", rig.Account), ((string)webhook["status"]!, (string)webhook["severity"]!, (string)webhook["account"]!));
        Assert.Contains(position.Symbol, (string)received.Single(r => r.Receiver == "telegram").Body["text"]!, StringComparison.Ordinal);

        // The same difference again: the same proposal, no second one, no second alert.
        var again = await ReconcileAsync(bot, ct);
        Assert.Equal(proposalId, again.GetProperty("differences").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "AssetShortfall").GetProperty("proposalId").GetString());
        var status = await bot.Client.GetFromJsonAsync<JsonElement>("api/reconcile", ct);
        var proposal = Assert.Single(status.GetProperty("pending").EnumerateArray());
        Assert.Equal("CloseSoldOutside", proposal.GetProperty("correction").GetProperty("kind").GetString());
        Assert.Equal(2, (await receivers.ReceivedAsync()).Count);

        // Approved: the part sold is booked at the outside trades' price and fee; the ledger holds what the account holds.
        using (var approve = await PostJsonAsync(bot, $"api/reconcile/{proposalId}/approve", """{"reason": "sold by hand on the web", "actor": "alice"}""", ct))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }

        var after = (await rig.PositionsAsync()).Single(p => p.Sequence == position.Sequence);
        var proceeds = outside.Sum(t => D(t.QuoteQty)) - outside.Where(t => t.CommissionAsset == "USDT").Sum(t => D(t.Commission));
        var costSold = position.HeldCost * sold / position.Quantity;
        Assert.Equal(position.Quantity - sold, after.Quantity);
        Assert.Equal((position.RealizedPnl ?? 0) + proceeds - costSold, after.RealizedPnl);
        Assert.Equal(position.HeldCost - costSold, after.HeldCost);
        var audit = await rig.AuditAsync();
        Assert.Contains(audit, a => a.Kind == "CorrectionApproved" && a.Data["proposal"] == proposalId && a.Message.Contains("alice", StringComparison.Ordinal));
        locks = await bot.Client.GetFromJsonAsync<JsonElement>("api/locks", ct);
        Assert.DoesNotContain(locks.GetProperty("locks").EnumerateArray(), l => l.GetProperty("symbol").GetString() == position.Symbol);
        using (var twice = await PostJsonAsync(bot, $"api/reconcile/{proposalId}/approve", """{"reason": "again"}""", ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        // Clean again: no difference, and each receiver gets one "resolved".
        var clean = await ReconcileAsync(bot, ct);
        Assert.Equal(0, clean.GetProperty("differences").GetArrayLength());
        var resolved = await ReceivedAsync(receivers, "reconciliation-mismatch", expected: 4);
        Assert.Equal(["telegram", "webhook"], resolved.Skip(2).Select(r => r.Receiver).Order());
        Assert.Equal("resolved", (string)resolved.Skip(2).Single(r => r.Receiver == "webhook").Body["status"]!);

        // An order with the bot's prefix that the ledger never booked: proposed for adoption; rejected, nothing changes.
        var before = await rig.PositionsAsync();
        var buy = await rig.Simulator.PlaceSignedOrderAsync("ETHUSDT", "BUY", 0.005m, rig.OrderPrefix + "hand-1");
        var unknown = await ReconcileAsync(bot, ct);
        var adopt = Assert.Single(unknown.GetProperty("differences").EnumerateArray(), d => d.GetProperty("kind").GetString() == "UnknownBotOrder");
        Assert.Equal("ETHUSDT", adopt.GetProperty("symbol").GetString());
        Assert.Equal(D(buy.GetProperty("cummulativeQuoteQty").GetString()!), adopt.GetProperty("valueInQuote").GetDecimal());
        var adoptId = adopt.GetProperty("proposalId").GetString()!;
        status = await bot.Client.GetFromJsonAsync<JsonElement>("api/reconcile", ct);
        Assert.Equal("AdoptOrder", status.GetProperty("pending").EnumerateArray().Single(p => p.GetProperty("id").GetString() == adoptId).GetProperty("correction").GetProperty("kind").GetString());
        using (var reject = await PostJsonAsync(bot, $"api/reconcile/{adoptId}/reject", """{"reason": "my own test order", "actor": "bob"}""", ct))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }

        Assert.Equal(before, await rig.PositionsAsync());
        var acknowledged = await ReconcileAsync(bot, ct);
        Assert.Equal(0, acknowledged.GetProperty("mismatches").GetInt32());
        Assert.True(acknowledged.GetProperty("differences").EnumerateArray().Single().GetProperty("acknowledged").GetBoolean());
        Assert.Equal(before, await rig.PositionsAsync());

        // An open order list with the bot's prefix that the ledger does not expect (no intent places lists yet).
        var eth = (await rig.Simulator.Admin.GetFromJsonAsync<JsonElement>("api/v3/ticker/price?symbol=ETHUSDT", ct)).GetProperty("price").GetString()!;
        var last = D(eth);
        await rig.Simulator.SendSignedAsync(HttpMethod.Post, "api/v3/orderList/oco", string.Create(
            CultureInfo.InvariantCulture,
            $"symbol=ETHUSDT&side=SELL&quantity=0.002&listClientOrderId={rig.OrderPrefix}list-1&aboveType=LIMIT_MAKER&abovePrice={decimal.Round(last * 1.05m, 2)}&belowType=STOP_LOSS_LIMIT&belowStopPrice={decimal.Round(last * 0.95m, 2)}&belowPrice={decimal.Round(last * 0.94m, 2)}&belowTimeInForce=GTC"));
        var withList = await ReconcileAsync(bot, ct);
        var list = Assert.Single(withList.GetProperty("differences").EnumerateArray(), d => d.GetProperty("kind").GetString() == "UnexpectedOrderList");
        Assert.True(list.GetProperty("aboveTolerance").GetBoolean());
        Assert.DoesNotContain(withList.GetProperty("differences").EnumerateArray(), d => d.GetProperty("kind").GetString() == "UnexpectedOpenOrder");
        Assert.Equal(before, await rig.PositionsAsync());

        // Bad input is a 400 with a problem body and writes nothing.
        using (var bad = await PostJsonAsync(bot, $"api/reconcile/{adoptId}/approve", "{\"reason\": \"\\ud800\"}", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }

        using (var badId = await PostJsonAsync(bot, "api/reconcile/not-an-id/reject", """{"reason": "x"}""", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        }

        Assert.DoesNotContain(FakeAlertReceiversProcess.Token, bot.Output, StringComparison.Ordinal);
        var all = await receivers.ReceivedAsync();
        Figures.Record(FormattableString.Invariant(
            $"reconcile: 6 symbols over 24 h = {weight} request weight; shortfall {sold} {position.Symbol} found, 1 proposal ({proposalId}) approved, unknown bot order proposed and rejected; ")
            + FormattableString.Invariant($"alerts: webhook {all.Count(r => r.Receiver == "webhook")}, telegram {all.Count(r => r.Receiver == "telegram")} ({string.Join(", ", all.Select(r => FakeAlertReceiversProcess.Kind(r.Body)))})"));
    }

    /// <summary>
    /// Issue 21 item 8: 30 days of 5 symbols' history cost about twice the client's weight budget (3000 of the exchange's
    /// 6000 a minute). The reads page at the budget's pace while cycles trade, against the simulator's real limit: no 429.
    /// </summary>
    [Fact]
    public async Task LongReconciliation_ThirtyDaysFiveSymbols_PagedAtTheWeightBudget_No429_CyclesGoOn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 60);
        var bot = await rig.StartBotAsync(rig.Settings(("Bot__Symbols", "BTCUSDT,ETHUSDT,SOLUSDT,XRPUSDT,DOGEUSDT"), ("Reconcile__LookbackHours", "720")));
        using var slow = new HttpClient { BaseAddress = bot.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        foreach (var header in bot.Client.DefaultRequestHeaders)
        {
            slow.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        var weightBefore = await WeightAsync(rig);
        var started = DateTimeOffset.UtcNow;
        using var response = await slow.PostAsync("api/reconcile", null, ct);
        var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var (peak, rateLimited) = await rig.Simulator.WeightPeakAsync();
        var weight = await WeightAsync(rig) - weightBefore;
        Assert.Equal(0, rateLimited);
        Assert.True(weight > 6000, $"the reconciliation spent only {weight}: not more than one minute's limit, so nothing was paced");
        Assert.InRange(peak, 1, 6000);
        Assert.Contains("Binance__WeightBudgetPerMinute", bot.Output, StringComparison.Ordinal);

        // The reconciliation held the account's lease; the cycles after it trade again, not backing off.
        static int Completed(IEnumerable<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)> audit) => audit.Count(a => a.Kind == "CycleCompleted");
        var completed = Completed(await rig.AuditAsync());
        await Eventually.HoldsAsync(rig.AuditAsync, a => Completed(a) >= completed + 2, TimeSpan.FromSeconds(60), a => $"{Completed(a)} cycles completed", ct);
        Assert.Equal(0, (await rig.Simulator.WeightPeakAsync()).RateLimited);
        Figures.Record(FormattableString.Invariant(
            $"long reconciliation: 720 h × 5 symbols = {weight} weight in {seconds:0} s, peak {peak} weight in one minute (budget 3000, limit 6000), {rateLimited} × 429; cycles completed after it"));
    }

    /// <summary>
    /// Issue 21 item 9: a burst of authorized <c>POST /api/reconcile</c> cannot spend the weight trading needs. One run, the
    /// rest 429 with <c>Retry-After</c> and the last result; no 5xx; the trading cycle that follows is not backing off.
    /// </summary>
    [Fact]
    public async Task ReconcileBurst_TwoHundredConcurrentRequests_OneRun_Others429WithTheLastResult_TradingNotBackingOff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 60);
        var bot = await rig.StartBotAsync(rig.Settings(("Bot__Symbols", SixSymbols)));
        await Eventually.HoldsAsync(() => Task.FromResult(bot.CyclesRun), n => n >= 2, TimeSpan.FromSeconds(60), n => $"{n} cycles", ct);
        var weightBefore = await WeightAsync(rig);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await bot.Client.PostAsync("api/reconcile", null, ct);
            return (Status: (int)response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync(ct));
        }));

        var weight = await WeightAsync(rig) - weightBefore;
        var runs = (await rig.AuditAsync()).Count(a => a.Kind == "Reconciled");
        Assert.Equal(1, runs);
        Assert.Equal(1, answers.Count(a => a.Status == 200));
        Assert.Equal(199, answers.Count(a => a.Status == 429));
        Assert.All(answers.Where(a => a.Status == 429), a =>
        {
            Assert.InRange(a.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            Assert.Contains("exchange weight", JsonDocument.Parse(a.Body).RootElement.GetProperty("title").GetString()!, StringComparison.Ordinal);
        });
        // A request after the run, within Reconcile__MinIntervalSeconds (60), gets 429 and that run's result.
        var ran = JsonDocument.Parse(answers.Single(a => a.Status == 200).Body).RootElement;
        using var again = await bot.Client.PostAsync("api/reconcile", null, ct);
        var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal(ran.GetProperty("at").GetString(), problem.GetProperty("last").GetProperty("at").GetString());
        Assert.InRange(again.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await rig.AuditAsync()).Count(a => a.Kind == "Reconciled"));
        Assert.DoesNotContain(answers, a => a.Status >= 500);

        // The next trade cycle completes and is not backing off.
        var cycles = bot.CyclesRun;
        await Eventually.HoldsAsync(() => Task.FromResult(bot.CyclesRun), n => n >= cycles + 2, TimeSpan.FromSeconds(60), n => $"{n} cycles", ct);
        var health = await bot.Client.GetFromJsonAsync<JsonElement>("api/health/verbose", ct);
        var exchange = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "exchange");
        Assert.Equal("none", exchange.GetProperty("data").GetProperty("backOffUntil").GetString());
        Assert.Equal("Healthy", exchange.GetProperty("status").GetString());
        Figures.Record(FormattableString.Invariant(
            $"reconcile burst: 200 concurrent POST /api/reconcile = 1 run ({weight} weight with the cycles meanwhile), 199 × 429 with Retry-After, 0 × 5xx; one more a moment later: 429 with that run's result; the next cycles not backing off"));
    }

    [Fact]
    public async Task AlertDedupe_AConditionOverTenCycles_OneAlertThenOneResolved_ReceiversDown_CyclesUnaffectedFailureCountedHealthDegraded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 60);
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        var bot = await rig.StartBotAsync(rig.Settings([.. receivers.BotSettings()]));

        await SetKillSwitchAsync(bot, active: true, ct);
        var cyclesAtStart = bot.CyclesRun;
        while (bot.CyclesRun < cyclesAtStart + 10)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var latched = (await receivers.ReceivedAsync()).Where(r => FakeAlertReceiversProcess.Kind(r.Body) == "kill-switch-latched").ToList();
        Assert.Equal(["telegram", "webhook"], latched.Select(r => r.Receiver).Order());
        await SetKillSwitchAsync(bot, active: false, ct);
        var both = await ReceivedAsync(receivers, "kill-switch-latched", expected: 4);
        Assert.All(both.Skip(2), r => Assert.Contains("resolved", r.Receiver == "webhook" ? (string)r.Body["status"]! : ((string)r.Body["text"]!).ToLowerInvariant(), StringComparison.Ordinal));
        var cyclesAfterResolve = bot.CyclesRun;
        while (bot.CyclesRun < cyclesAfterResolve + 3)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        Assert.Equal(4, (await receivers.ReceivedAsync()).Count);

        // Receivers down: the alert fails, is counted and retried; the cycles go on; health says so.
        await receivers.SetDownAsync(503);
        var completedBefore = (await rig.AuditAsync()).Count(a => a.Kind == "CycleCompleted");
        await SetKillSwitchAsync(bot, active: true, ct);
        var degraded = await WaitForAsync(
            async () => await bot.Client.GetFromJsonAsync<JsonElement>("api/health/verbose", ct),
            h => h.GetProperty("checks").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "alerts" && c.GetProperty("status").GetString() == "Degraded"),
            TimeSpan.FromSeconds(30),
            ct);
        var alertsCheck = degraded.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "alerts");
        Assert.Contains("503", alertsCheck.GetRawText(), StringComparison.Ordinal);
        var cyclesDown = bot.CyclesRun;
        while (bot.CyclesRun < cyclesDown + 5)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var auditDown = await rig.AuditAsync();
        Assert.True(auditDown.Count(a => a.Kind == "CycleCompleted") >= completedBefore + 5, TradingRig.Diagnosis(auditDown, bot));
        // The alert book is a row apart from the state row, so sending never fences a cycle out; the kill switch takes
        // the account's lease, so a person's switch never lands inside a cycle either.
        Assert.DoesNotContain(auditDown, a => a.Kind == "CycleFailed");
        Assert.Contains("not delivered to webhook", bot.Output, StringComparison.Ordinal);

        // Back up: the retry delivers it once per receiver and health recovers.
        await receivers.SetDownAsync(0);
        var delivered = await ReceivedAsync(receivers, "kill-switch-latched", expected: 6, TimeSpan.FromSeconds(60));
        Assert.Equal(["telegram", "webhook"], delivered.Skip(4).Select(r => r.Receiver).Order());
        var recovered = await WaitForAsync(
            async () => await bot.Client.GetFromJsonAsync<JsonElement>("api/health/verbose", ct),
            h => h.GetProperty("checks").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "alerts" && c.GetProperty("status").GetString() == "Healthy"),
            TimeSpan.FromSeconds(10),
            ct);
        Assert.Contains("failures", recovered.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAlertReceiversProcess.Token, bot.Output, StringComparison.Ordinal);
        Figures.Record(FormattableString.Invariant($"alert dedupe: 10+ cycles with the kill switch latched = 1 alert + 1 resolved per receiver; receivers down for {bot.CyclesRun - cyclesDown}+ cycles, none failed; delivered on retry"));
    }

    private static async Task<LedgerPosition> OpenOnePositionAsync(TradingRig rig, Dictionary<string, string?> settings, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var trader = await rig.StartBotAsync(settings);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
            while (!(await rig.PositionsAsync()).Any(p => p.Status == "Open") && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
            }

            await rig.StopBotsAsync();
            var positions = await rig.PositionsAsync();
            if (positions.Any(p => p.Status == "Open") && !positions.Any(p => p.Status is "Pending" or "Closing"))
            {
                return positions.First(p => p.Status == "Open");
            }

            Assert.True(attempt < 3, "no position opened and settled: " + TradingRig.Diagnosis(await rig.AuditAsync(), trader));
        }
    }

    private static async Task<JsonElement> ReconcileAsync(DevHostProcess bot, CancellationToken ct)
    {
        using var response = await bot.Client.PostAsync("api/reconcile", null, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> PostJsonAsync(DevHostProcess bot, string path, string json, CancellationToken ct) =>
        bot.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), ct);

    private static async Task SetKillSwitchAsync(DevHostProcess bot, bool active, CancellationToken ct)
    {
        using var response = await PostJsonAsync(bot, "api/killswitch", $$"""{"active": {{(active ? "true" : "false")}}, "reason": "alert drill", "actor": "e2e"}""", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The messages of one alert kind, asserted to be exactly <paramref name="expected"/> once that many arrived or the wait ran out.</summary>
    private static async Task<List<(string Receiver, JsonObject Body)>> ReceivedAsync(FakeAlertReceiversProcess receivers, string kind, int expected, TimeSpan? wait = null)
    {
        var messages = await receivers.ReceivedAsync(kind, expected, wait ?? TimeSpan.FromSeconds(15));
        Assert.Equal(expected, messages.Count);
        return messages;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTimeOffset.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
    }

    private static async Task<long> WeightAsync(TradingRig rig) =>
        (await rig.Simulator.Admin.GetFromJsonAsync<JsonElement>("admin/stats")).GetProperty("weight").GetInt64();

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
