using System.Globalization;
using System.Net;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Protective OCO lists end to end (Azurite, the simulator and the DevHost as processes): a position is protected at
/// the exchange, the bot is stopped, the simulator's price path goes through a level while no bot runs, and the
/// restarted bot books what the exchange did. Every expected number comes from the simulator's orders and trades.
/// </summary>
[Collection("Drills")]
public sealed class ProtectionTests(AzuriteFixture azurite)
{
    private const string Symbol = "ETHUSDT";

    /// <summary>Where the price goes while no bot runs, and how the entry reached the exchange with its OCO.</summary>
    public static TheoryData<string, string> Levels => new()
    {
        { "stop", "Opoco" },
        { "take-profit", "Opoco" },
        { "gap", "Opoco" },
        { "stop", "Separate" },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task HostDownWhileTheExchangeActs_RestartBooksTheLegsFillsExactly_NothingSoldTwice_NothingLeftOpen(string level, string entryProtection)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 60, Ed25519Account);
        var settings = Settings(rig, ("Strategy__EntryProtection", entryProtection));
        var position = await ProtectedPositionAsync(rig, settings, ct);
        var protection = position.Protection!;
        var listId = protection.ListClientOrderId;

        // How long the position was unprotected at the exchange: from the entry's last fill to the moment its stop leg
        // started working, both on the exchange's clock. An OPOCO's stop is placed by the exchange with the fill.
        var placed = await rig.OrdersAsync();
        var entryFilled = placed.Single(o => o.ClientOrderId == position.EntryClientOrderId).LastFillTime;
        var unprotectedMs = placed.Single(o => o.ClientOrderId == listId + "s").WorkingSince - entryFilled;
        var placementAudit = await rig.AuditAsync();
        if (entryProtection == "Opoco")
        {
            Assert.Equal((1, 0L), (protection.Attempt, unprotectedMs));
            Assert.DoesNotContain(placementAudit, a => a.Kind == "ProtectionIntent");
        }
        else
        {
            Assert.True(unprotectedMs > 0, $"a separate list is placed after the fill, {unprotectedMs} ms");
            Assert.Contains(placementAudit, a => a.Kind == "ProtectionIntent");
        }

        // No bot runs now. The price goes between the stop and its limit, through the take-profit, or gaps below the limit.
        var last = await rig.Simulator.PriceAsync(Symbol);
        var target = level switch
        {
            "stop" => (protection.StopPrice + protection.StopLimitPrice) / 2,
            "take-profit" => protection.TakeProfitPrice * 1.01m,
            _ => protection.StopLimitPrice * 0.97m,
        };
        await rig.Simulator.ShockAsync(Symbol, ((target / last) - 1) * 100);
        var leg = listId + (level == "take-profit" ? "t" : "s");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (level != "gap" && (await rig.OrdersAsync()).Single(o => o.ClientOrderId == leg).Status != "FILLED" && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }

        var atRestart = await rig.OrdersAsync();
        var legWhileDown = atRestart.Single(o => o.ClientOrderId == leg);
        Assert.Equal(level == "gap" ? ("NEW", 0m) : ("FILLED", D(legWhileDown.ExecutedQty)), (legWhileDown.Status, D(legWhileDown.ExecutedQty)));

        // The restarted bot makes no new entry (an entry larger than Risk__MaxTradeQuote is refused): a new ETH position
        // would absorb the dust this one leaves and blur the comparison with the simulator.
        var bot = await rig.StartBotAsync(new Dictionary<string, string?>(settings) { ["Strategy__TradeQuote"] = "1000" });
        deadline = DateTimeOffset.UtcNow.AddSeconds(45);
        while ((await rig.PositionsAsync()).Single(p => p.Sequence == position.Sequence).Status is "Open" or "Closing" && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(300, ct);
        }

        using var reconcile = await bot.Client.PostAsync("api/reconcile", null, ct);
        var report = JsonDocument.Parse(await reconcile.Content.ReadAsStringAsync(ct)).RootElement;
        await rig.StopBotsAsync();
        var after = (await rig.PositionsAsync()).Single(p => p.Sequence == position.Sequence);
        var audit = await rig.AuditAsync();
        var orders = await rig.OrdersAsync();
        var trades = await rig.Simulator.TradesAsync();
        var diagnosis = TradingRig.Diagnosis(audit, bot);

        Assert.True(after.Status is "Closed" or "Dust", diagnosis);
        var mine = orders.Where(o => o.ClientOrderId.StartsWith(position.EntryClientOrderId[..^1], StringComparison.Ordinal)).ToList();
        var sells = mine.Where(o => o.Side == "SELL" && D(o.ExecutedQty) > 0).ToList();
        var expectedSeller = level switch
        {
            "stop" => listId + "s",
            "take-profit" => listId + "t",
            _ => position.EntryClientOrderId[..^1] + "x",
        };

        // Nothing sold twice: one order sold the position, the one that should have.
        Assert.Equal([expectedSeller], sells.Select(o => o.ClientOrderId));
        if (level == "gap")
        {
            var stop = orders.Single(o => o.ClientOrderId == leg);
            Assert.Equal(("CANCELED", 0m), (stop.Status, D(stop.ExecutedQty)));
            Assert.Contains(audit, a => a.Kind == "ExitIntent" && a.Message.Contains("limit did not fill", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(audit, a => a.Kind == "ProtectionFilled" && a.Data["clientOrderId"] == expectedSeller);
            Assert.Equal(level == "stop" ? "stop-loss at the exchange" : "take-profit at the exchange", after.ExitReason);
        }

        // The books equal the simulator's fills: cost of the entry, proceeds of the sale, base left as dust.
        var entry = mine.Single(o => o.ClientOrderId == position.EntryClientOrderId);
        var entryTrades = trades.Where(t => t.OrderId == entry.OrderId).ToList();
        var saleTrades = trades.Where(t => sells.Any(s => s.OrderId == t.OrderId)).ToList();
        Assert.All(entryTrades.Concat(saleTrades), t => Assert.Equal(t.IsBuyer ? "ETH" : "USDT", t.CommissionAsset));
        var received = entryTrades.Sum(t => D(t.Qty) - D(t.Commission));
        var cost = entryTrades.Sum(t => D(t.QuoteQty));
        var proceeds = saleTrades.Sum(t => D(t.QuoteQty) - D(t.Commission));
        Assert.Equal(received - saleTrades.Sum(t => D(t.Qty)), after.Quantity);
        Assert.Equal(proceeds - cost, after.RealizedPnl!.Value - after.DustWrittenOff);

        // Nothing left open at the exchange, and reconciliation finds the legs and lists the bot's own.
        Assert.DoesNotContain(mine, o => o.Status is "NEW" or "PARTIALLY_FILLED");
        Assert.True(reconcile.StatusCode == HttpStatusCode.OK, report.GetRawText());
        Assert.Equal(0, report.GetProperty("mismatches").GetInt32());
        Figures.Record(
            $"protection, host down through the {level} ({entryProtection}, Ed25519 key): list {listId} placed {unprotectedMs} ms after the entry filled; while down {legWhileDown.ClientOrderId} {legWhileDown.Status} {legWhileDown.ExecutedQty}; "
            + $"booked on restart by {expectedSeller}: sold {saleTrades.Sum(t => D(t.Qty))} for {proceeds} net, realized {after.RealizedPnl} − dust written off {after.DustWrittenOff} = simulator {proceeds - cost}; sell orders {sells.Count}; reconciliation mismatches 0");
    }

    /// <summary>
    /// One bot process after another, each killed at the next step of list placement (before the intent, after it,
    /// after the POST, before the commit), and each restart first resolves what the last one left; then one that
    /// runs clean. Three symbols, so a later run always has a placement to crash in.
    /// </summary>
    [Fact]
    public async Task KilledAtEachStepOfListPlacementInTurn_EachRestartResolvesTheLast_NoDuplicateList_EveryListInTheLedger()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] points = ["ProtectionBeforeIntent", "ProtectionAfterIntent", "ProtectionAfterPost", "ProtectionBeforeCommit"];
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 60, Ed25519Account);
        // Lists placed on their own, after the entry (an OPOCO entry's crash steps are the entry's: CrashTests).
        var overrides = new[] { ("Bot__Symbols", "ETHUSDT,SOLUSDT,XRPUSDT"), ("Risk__MaxOpenPositions", "3"), ("Strategy__EntryProtection", "Separate") };
        var newLists = new List<int>();
        var sentNotCommitted = new List<string>();
        var seen = new List<string>();
        foreach (var point in points)
        {
            var crashing = await rig.StartBotAsync(Settings(rig, [.. overrides, ("Diagnostics__CrashAt", point)]));
            Assert.NotEqual(0, await crashing.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            Assert.Contains($"Crash injected at {point}", crashing.Output, StringComparison.Ordinal);
            var lists = Lists(await rig.OrdersAsync());
            newLists.Add(lists.Count - seen.Count);
            sentNotCommitted.AddRange(lists.Except(seen));
            seen = lists;
            await rig.StopBotsAsync();
            await rig.BreakLeaseAsync();
        }

        var clean = await rig.StartBotAsync(Settings(rig, overrides));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(45);
        while (DateTimeOffset.UtcNow < deadline
            && (clean.CyclesRun < 3 || !(await rig.PositionsAsync()).All(p => p.Status is not ("Pending" or "Closing") && (p.Status != "Open" || p.Protection?.Status == "Active"))))
        {
            await Task.Delay(300, ct);
        }

        // What protection costs a cycle while lists work and none ends: one openOrderList (weight 6), nothing else. The
        // market runs at real time while it is measured, so no leg fires and no exit signal closes a position meanwhile
        // (at x60 one did under load, and a cycle without a working list rightly asks nothing).
        await rig.Simulator.SetMarketSpeedAsync(1);
        var weightBefore = await rig.Simulator.WeightByEndpointAsync();
        var cyclesBefore = clean.CyclesRun;
        while (clean.CyclesRun < cyclesBefore + 5)
        {
            await Task.Delay(200, ct);
        }

        var weightAfter = await rig.Simulator.WeightByEndpointAsync();
        var measuredCycles = clean.CyclesRun - cyclesBefore;
        await rig.StopBotsAsync();
        var used = weightAfter.ToDictionary(e => e.Key, e => (Calls: e.Value.Calls - weightBefore.GetValueOrDefault(e.Key).Calls, Weight: e.Value.Weight - weightBefore.GetValueOrDefault(e.Key).Weight));
        var openListCalls = used.GetValueOrDefault("GET /api/v3/openOrderList");
        Assert.InRange(openListCalls.Calls, measuredCycles - 1, measuredCycles + 1);
        Assert.Equal(6 * openListCalls.Calls, openListCalls.Weight);
        var positions = await rig.PositionsAsync();
        var orders = await rig.OrdersAsync();
        var audit = await rig.AuditAsync();
        var diagnosis = TradingRig.Diagnosis(audit, clean);

        // Nothing was sent before the intent or between the intent and the POST; one list each time the POST went out.
        Assert.Equal([0, 0, 1, 1], newLists);

        // 0 duplicate lists or legs; every list and order at the exchange is one the ledger wrote; every open position protected.
        Assert.DoesNotContain(orders.GroupBy(o => o.ClientOrderId), g => g.Count() > 1);
        Assert.Contains("\"duplicateAttempts\":0", await rig.Simulator.Admin.GetStringAsync("admin/stats", ct), StringComparison.Ordinal);
        var ledgerLists = positions.SelectMany(p => p.ListClientOrderIds).ToHashSet();
        Assert.All(Lists(orders), l => Assert.Contains(l, ledgerLists));
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, TradingRig.OrderIds(positions)));
        Assert.All(positions.Where(p => p.Status == "Open"), p => Assert.True(p.Protection?.Status == "Active", diagnosis));

        // The list written and never sent was found absent after the grace window; the two sent and not committed were
        // found by their ids (or, when a leg traded while no bot ran, that leg's fill was booked).
        var protectionAudit = string.Join(Environment.NewLine, audit.Where(a => a.Kind.StartsWith("Protection", StringComparison.Ordinal)).Reverse().Select(a => $"{a.At:HH:mm:ss.fff} {a.Kind}: {a.Message}"));
        Assert.Contains(audit, a => a.Kind == "ProtectionEnded" && a.Message.Contains("never placed", StringComparison.Ordinal));
        Assert.Equal(2, sentNotCommitted.Count);
        Assert.All(sentNotCommitted, list => Assert.True(
            audit.Any(a => (a.Kind == "ProtectionPlaced" && a.Message.Contains(list + " ", StringComparison.Ordinal) && a.Message.Contains("found at the exchange", StringComparison.Ordinal))
                || (a.Kind == "ProtectionFilled" && a.Data["clientOrderId"] is var leg && (leg == list + "s" || leg == list + "t"))),
            $"{list} was not resolved:{Environment.NewLine}{protectionAudit}"));
        Figures.Record(
            $"protection crashes in turn ({string.Join(", ", points)}): new lists at each crash {string.Join("/", newLists)}; after the clean restart {Lists(orders).Count} lists for {positions.Count} positions, "
            + $"all in the ledger, 0 duplicates, {audit.Count(a => a.Kind == "ProtectionPlaced")} placements confirmed; "
            + $"over {measuredCycles} cycles with lists working: openOrderList {openListCalls.Calls} calls = weight {openListCalls.Weight}, "
            + $"all requests {used.Values.Sum(v => v.Weight)} weight ({string.Join(", ", used.Where(e => e.Value.Calls > 0).Select(e => $"{e.Key} {e.Value.Calls}×/{e.Value.Weight}"))})");
    }

    /// <summary>One symbol, wide levels (the path moves little in a drill), one position at a time.</summary>
    /// <summary>These drills run on an Ed25519 API key: the simulator holds its public key and checks every signature with it.</summary>
    private static readonly (string, string) Ed25519Account = ("Simulator__ApiPublicKey", TestKeys.Ed25519Public);

    private static Dictionary<string, string?> Settings(TradingRig rig, params (string Key, string Value)[] overrides) =>
        rig.Settings([("Bot__Symbols", Symbol), ("Binance__ApiSecret", TestKeys.Ed25519Private), ("Binance__KeyType", "Ed25519"), ("Strategy__StopLossPercent", "4"), ("Strategy__TakeProfitPercent", "4"), ("Strategy__Protection", "Exchange"), .. overrides]);

    /// <summary>Trades until a position is open and protected at the exchange, then stops the bot with nothing in flight.</summary>
    private static async Task<LedgerPosition> ProtectedPositionAsync(TradingRig rig, Dictionary<string, string?> settings, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var trader = await rig.StartBotAsync(settings);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (!(await rig.PositionsAsync()).Any(p => p.Status == "Open" && p.Protection?.Status == "Active") && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }

            await rig.StopBotsAsync();
            var positions = await rig.PositionsAsync();
            if (positions.Where(p => p.Status is "Open" or "Pending" or "Closing").ToList() is [{ Status: "Open", Protection.Status: "Active" } open])
            {
                return open;
            }

            Assert.True(attempt < 3, "no position opened and protected: " + TradingRig.Diagnosis(await rig.AuditAsync(), trader));
        }
    }

    /// <summary>The list client ids of the order lists at the exchange, from their legs (…-p{n}s / …-p{n}t).</summary>
    private static List<string> Lists(IEnumerable<SimulatedOrder> orders) =>
        orders.Where(o => o.Type is "STOP_LOSS_LIMIT" or "LIMIT_MAKER").Select(o => o.ClientOrderId[..^1]).Distinct().Order(StringComparer.Ordinal).ToList();

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
