using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The money paths of issue 20 walked in one simulated day against the simulator as the oracle. BNBUSDT is traded while
/// the account pays fees in BNB, and BNBUSDT takes no OCO lists (its positions are held by the bot-side stop, their BNB
/// free): commissions of the other fills come out of the BNB the bot holds. ETHUSDT (no OCO either) is halted (BREAK)
/// for ten market minutes while a position is open and its price falls through the stop: the bot's exit is refused
/// "Market is closed.", which is how it learns of the halt. BTCUSDT, held by lists, is removed from <c>Bot__Symbols</c>
/// while a position on it is held by its list, and <c>openOrderList</c> lags. Then Flatten. At the end the books equal
/// the account per asset, reconciliation finds nothing, and at every sample no open position was without a stop.
/// </summary>
[Collection("Drills")]
public sealed class MoneyPathDayTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SimulatedDay_BnbFeesFromABnbPosition_HaltedSymbol_RemovedSymbol_LaggingLists_BooksEqualTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 1440, ("Simulator__PayFeesWithBnb", "true"), ("Simulator__OcoDisallowed", "BNBUSDT,ETHUSDT"));
        var before = await rig.Simulator.BalancesAsync();
        var settings = rig.Settings(
            ("Bot__Symbols", "BNBUSDT,BTCUSDT,ETHUSDT"),
            ("Risk__MaxOpenPositions", "3"),
            ("Strategy__MaCrossover__FastPeriod", "1"), // a cross on most turns of the path: every symbol trades within seconds
            ("Strategy__MaCrossover__SlowPeriod", "2"),
            ("Strategy__StopLossPercent", "1"),
            ("Strategy__TakeProfitPercent", "1"),
            ("Binance__ExchangeInfoTtlMinutes", "1"));
        var bot = await rig.StartBotAsync(settings);
        var stops = new StopWatch();
        Task<List<LedgerPosition>> SampledAsync() => stops.SampleAsync(rig);

        // Phase 1, BNB: a BNB commission of another symbol's fill came out of the BNB a BNBUSDT position held.
        await Eventually.HoldsAsync(
            rig.AuditAsync, audit => audit.Any(a => D(a.Data.GetValueOrDefault("commissionBNBDrawn", "0")) > 0), 2 * Wait, audit => TradingRig.Diagnosis(audit, bot), ct);

        // Phase 2, halt: the market slows to x60; with an ETH position open, ETHUSDT halts for ten market minutes and its
        // price falls 3 % (through the 1 % stop). The exit is refused "Market is closed.", the halt is recorded on the
        // position, and it stays open: nothing written off.
        await rig.Simulator.SetMarketSpeedAsync(60);
        var eth = (await Eventually.HoldsAsync(SampledAsync, p => p.Any(x => x is { Symbol: "ETHUSDT", Status: "Open" }), Wait, Describe, ct)).First(x => x is { Symbol: "ETHUSDT", Status: "Open" });
        await rig.Simulator.HaltAsync("ETHUSDT", "BREAK", marketMinutes: 10);
        await rig.Simulator.ShockAsync("ETHUSDT", -3);
        var halted = await Eventually.HoldsAsync(SampledAsync, p => p.Single(x => x.Sequence == eth.Sequence).SymbolHalt == "BREAK", Wait, Describe, ct);
        var haltedPosition = halted.Single(x => x.Sequence == eth.Sequence);
        Assert.Equal(("Open", eth.Quantity, 0m), (haltedPosition.Status, haltedPosition.Quantity, haltedPosition.DustWrittenOff));

        // Phase 3, lag and removal: once the halt is over at the exchange, openOrderList leaves out every open list for its
        // next 10 replies; with a BTC position held by its list, the bot restarts without BTCUSDT in Bot__Symbols.
        await Eventually.HoldsAsync(
            () => rig.Simulator.Admin.GetFromJsonAsync<JsonElement>("api/v3/exchangeInfo?symbol=ETHUSDT", ct),
            info => info.GetProperty("symbols")[0].GetProperty("status").GetString() == "TRADING", Wait, info => info.GetRawText(), ct);
        await rig.Simulator.ArmAsync("OpenListLag", count: 10);
        var btc = (await Eventually.HoldsAsync(SampledAsync, p => p.Any(x => x is { Symbol: "BTCUSDT", Status: "Open", Protection.Status: "Active" }), Wait, Describe, ct))
            .First(x => x is { Symbol: "BTCUSDT", Status: "Open" });
        await rig.StopBotsAsync();
        await rig.BreakLeaseAsync();
        var removedAt = DateTimeOffset.UtcNow;
        settings["Bot__Symbols"] = "BNBUSDT,ETHUSDT";
        bot = await rig.StartBotAsync(settings);

        // The bot sells the ETH position it kept through the halt, and the orphaned BTC position stays protected.
        var resumed = await Eventually.HoldsAsync(SampledAsync, p => p.Single(x => x.Sequence == eth.Sequence).Status != "Open", Wait, Describe, ct);
        Assert.Null(resumed.Single(x => x.Sequence == eth.Sequence).SymbolHalt);
        await rig.Simulator.SetMarketSpeedAsync(1440);
        await Eventually.HoldsAsync(SampledAsync, p => p.Single(x => x.Sequence == btc.Sequence).Status != "Open" || stops.Samples > 30, Wait, Describe, ct);

        // Flatten closes what is open, including the orphan if its list has not.
        using (var post = await bot.Client.PostAsync(
            "api/killswitch", new StringContent("""{"active": true, "mode": "Flatten", "reason": "end of the day", "actor": "e2e"}""", Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        await Eventually.HoldsAsync(SampledAsync, p => !p.Any(x => x.Status is "Open" or "Pending" or "Closing"), Wait, Describe, ct);
        var weights = await rig.Simulator.WeightByEndpointAsync();
        using var reconcile = await bot.Client.PostAsync("api/reconcile", null, ct);
        var report = await reconcile.Content.ReadFromJsonAsync<JsonElement>(ct);
        await rig.StopBotsAsync();

        var after = await rig.Simulator.BalancesAsync();
        var positions = await rig.PositionsAsync();
        var orders = await rig.OrdersAsync();
        var trades = (await rig.Simulator.TradesAsync()).Where(t => orders.Any(o => o.OrderId == t.OrderId)).ToList();
        var audit = await rig.AuditAsync();
        var diagnosis = TradingRig.Diagnosis(audit, bot);

        Assert.DoesNotContain(audit, a => a.Kind is "CycleFailed" or "EntryOverfilled");
        Assert.True(stops.Violations.Count == 0, "open positions without a stop: " + string.Join(" | ", stops.Violations));

        // Every stop executed: no sell was refused for a balance the ledger thought it had.
        Assert.DoesNotContain(audit, a => a.Message.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase));

        // Halt: recorded and ended once each; nothing of ETH written off while it was halted.
        var haltAudit = audit.Where(a => a.Kind is "SymbolHalted" or "SymbolResumed" && a.Data["position"] == N(eth.Sequence)).Select(a => a.Kind).Reverse().ToList();
        Assert.Equal(["SymbolHalted", "SymbolResumed"], haltAudit);
        Assert.DoesNotContain(audit, a => a.Kind is "ExitRefused" or "DustWrittenOff" && a.Data.GetValueOrDefault("position") == N(eth.Sequence) && a.Message.Contains("BREAK", StringComparison.Ordinal));

        // Removal: no BTC entry after it left Bot__Symbols; the position it held was protected and closed.
        Assert.DoesNotContain(audit, a => a.Kind == "EntryIntent" && a.Data["symbol"] == "BTCUSDT" && a.At > removedAt);
        Assert.NotEqual("Open", positions.Single(p => p.Sequence == btc.Sequence).Status);

        // Lag: the bot read lists by their own status, and every stop leg it canceled as "triggered" had triggered.
        Assert.True(weights.ContainsKey("GET /api/v3/orderList"), "the bot never read a list's own status: " + string.Join(", ", weights.Keys));
        var canceledAsTriggered = audit.Where(a => a.Kind == "ProtectionCanceled" && a.Message.Contains("after its list ended", StringComparison.Ordinal))
            .Select(a => a.Message.Split(' ').First(w => w.StartsWith(rig.OrderPrefix, StringComparison.Ordinal))).ToList();
        Assert.All(canceledAsTriggered, id => Assert.True(orders.Single(o => o.ClientOrderId == id).IsWorking, $"{id} was canceled as a triggered stop but never triggered"));

        // Books = account, per asset (BNB: with what commissions took from BNB outside the ledger), and in quote.
        var books = Books.Of(before, after, positions, orders, trades, audit);
        books.AssertEqual(diagnosis);
        Assert.True(books.Drawn > 0, "no BNB commission came out of a BNB position");

        Assert.True(reconcile.StatusCode == HttpStatusCode.OK && report.GetProperty("differences").GetArrayLength() == 0, report.GetRawText());

        Figures.Record(
            FormattableString.Invariant($"money-path day: {orders.Count} orders, {trades.Count} fills; {books.Drawn} BNB of commissions drawn from BNB positions; ")
            + FormattableString.Invariant($"ETH #{eth.Sequence} halted and kept open, sold after; BTC #{btc.Sequence} kept protected after its removal; {canceledAsTriggered.Count} triggered stops canceled; ")
            + FormattableString.Invariant($"{stops.Samples} samples, 0 open positions without a stop; {books}"));
    }

    private static string Describe(List<LedgerPosition> positions) =>
        string.Join("; ", positions.Where(p => p.Status != "Closed").Select(p => $"#{p.Sequence} {p.Symbol} {p.Status} {p.Quantity} list {p.Protection?.Status ?? "none"} halt {p.SymbolHalt ?? "-"}"));

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// "No position without a stop", sampled: an open position is held by a list at the exchange (Active), or by the
    /// bot-side stop with the reason on record (a refused list). A list written ahead, or ended with a new one due, is a
    /// moment within a cycle: seen in two samples in a row for the same attempt, it is a violation.
    /// </summary>
    private sealed class StopWatch
    {
        private Dictionary<long, string> _transient = [];

        public List<string> Violations { get; } = [];

        public int Samples { get; private set; }

        public async Task<List<LedgerPosition>> SampleAsync(TradingRig rig)
        {
            var positions = await rig.PositionsAsync();
            Samples++;
            var transient = new Dictionary<long, string>();
            foreach (var p in positions.Where(p => p.Status == "Open"))
            {
                var state = p.Protection switch
                {
                    { Status: "Active" } => null,
                    { Status: "Failed", Problem: { Length: > 0 } } => null,
                    null => "no list",
                    var list => $"attempt {list.Attempt} {list.Status}",
                };
                if (state is null)
                {
                    continue;
                }

                if (_transient.GetValueOrDefault(p.Sequence) == state)
                {
                    Violations.Add($"#{p.Sequence} {p.Symbol}: {state} in two samples");
                }

                transient[p.Sequence] = state;
            }

            _transient = transient;
            return positions;
        }
    }
}
