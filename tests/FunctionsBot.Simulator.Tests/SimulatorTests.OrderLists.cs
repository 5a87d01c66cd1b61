using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionsBot.Simulator.Tests;

/// <summary>
/// OCO order lists as rest-api.md describes them, for the protective exit of a long position: a LIMIT_MAKER above the
/// price, a STOP_LOSS_LIMIT below it, one locked quantity; the stop triggers on the price path and works as a limit
/// order (in a gap below its limit it rests unfilled); one leg's fill or trigger ends the other.
/// </summary>
public sealed partial class SimulatorTests
{
    [Fact]
    public async Task Oco_Placed_LocksTheQuantityOnce_ListedOpen_QueryableByListAndLegIds()
    {
        var (last, before) = await BuyEthAsync();

        var (status, list, _) = await PlaceOcoAsync("oco-1", last * 1.03m, last * 0.97m, last * 0.96m);
        var after = await BalancesByAssetAsync();
        var (_, open, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/openOrderList", string.Empty);
        var (_, queried, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=oco-1");
        var (_, stopLeg, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=oco-1-s");

        Assert.Equal(200, status);
        Assert.Equal(("EXEC_STARTED", "EXECUTING", "OCO"), (S(list, "listStatusType"), S(list, "listOrderStatus"), S(list, "contingencyType")));
        Assert.Equal(["STOP_LOSS_LIMIT", "LIMIT_MAKER"], list.GetProperty("orderReports").EnumerateArray().Select(r => S(r, "type")));
        Assert.Equal((before.Free - 0.01m, 0.01m), (after["ETH"].Free, after["ETH"].Locked));
        Assert.Equal(list.GetProperty("orderListId").GetInt64(), Assert.Single(open.EnumerateArray()).GetProperty("orderListId").GetInt64());
        Assert.Equal(["oco-1-s", "oco-1-t"], queried.GetProperty("orders").EnumerateArray().Select(o => S(o, "clientOrderId")));
        Assert.Equal((list.GetProperty("orderListId").GetInt64(), Round(last * 0.97m), false), (stopLeg.GetProperty("orderListId").GetInt64(), D(stopLeg, "stopPrice"), stopLeg.GetProperty("isWorking").GetBoolean()));
    }

    [Fact]
    public async Task OpenListLag_OpenOrderListOmitsTheList_ItsOwnQueryStillSaysExecuting()
    {
        var (last, _) = await BuyEthAsync();
        await PlaceOcoAsync("lag-1", last * 1.03m, last * 0.97m, last * 0.96m);
        await _simulator.ArmAsync("OpenListLag", count: 2);

        var (_, lagging, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/openOrderList", string.Empty);
        var (_, queried, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=lag-1");
        await _raw.SendAsync(HttpMethod.Get, "api/v3/openOrderList", string.Empty);
        var (_, caughtUp, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/openOrderList", string.Empty);

        Assert.Empty(lagging.EnumerateArray());
        Assert.Equal("EXECUTING", S(queried, "listOrderStatus"));
        Assert.Equal("lag-1", S(Assert.Single(caughtUp.EnumerateArray()), "listClientOrderId"));
    }

    [Fact]
    public async Task Halt_SymbolStatusBreak_NewOrdersRefusedMarketClosed_CancelsTaken_TradesAgainAfter()
    {
        var (last, _) = await BuyEthAsync();
        await PlaceOcoAsync("halt-1", last * 1.03m, last * 0.97m, last * 0.96m, quantity: 0.002m);
        await _simulator.HaltAsync("ETHUSDT", "BREAK", marketMinutes: 10);

        var (_, info, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", "symbol=ETHUSDT", signed: false);
        var (refused, body, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.001&newClientOrderId=halt-sell");
        var (canceled, _, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/orderList", "symbol=ETHUSDT&listClientOrderId=halt-1");
        var (btc, _, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001&newClientOrderId=halt-other");

        Assert.Equal("BREAK", S(Assert.Single(info.GetProperty("symbols").EnumerateArray()), "status"));
        Assert.Equal((400, -2010, "Market is closed."), (refused, body.GetProperty("code").GetInt32(), S(body, "msg")));
        Assert.Equal((200, 200), (canceled, btc));

        // A halt ends when its market time is up: one of 0.001 market minutes is over by the next request.
        await _simulator.HaltAsync("ETHUSDT", "BREAK", marketMinutes: 0.001);
        var (_, again, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", "symbol=ETHUSDT", signed: false);
        Assert.Equal("TRADING", S(Assert.Single(again.GetProperty("symbols").EnumerateArray()), "status"));
    }

    [Fact]
    public async Task Oco_RefusedAsBinanceRefusesIt()
    {
        var (last, _) = await BuyEthAsync();

        var (wrongOrder, body1, _) = await PlaceOcoAsync("bad-1", last * 0.99m, last * 0.97m, last * 0.96m);
        var (wouldTake, body2, _) = await PlaceOcoAsync("bad-2", last * 1.03m, last * 1.01m, last * 0.96m);
        var (tooMuch, body3, _) = await PlaceOcoAsync("bad-3", last * 1.03m, last * 0.97m, last * 0.96m, quantity: 100m);
        var (ok, _, _) = await PlaceOcoAsync("dup", last * 1.03m, last * 0.97m, last * 0.96m, quantity: 0.002m);
        var (duplicate, body4, _) = await PlaceOcoAsync("dup", last * 1.04m, last * 0.97m, last * 0.96m, quantity: 0.002m, legPrefix: "dup2");

        Assert.Equal((400, -2010, "The relationship of the prices for the orders is not correct."), (wrongOrder, body1.GetProperty("code").GetInt32(), S(body1, "msg")));
        Assert.Equal((400, "The relationship of the prices for the orders is not correct."), (wouldTake, S(body2, "msg")));
        Assert.Equal((400, "Account has insufficient balance for requested action."), (tooMuch, S(body3, "msg")));
        Assert.Equal(200, ok);
        Assert.Equal((400, "Duplicate order sent."), (duplicate, S(body4, "msg")));

        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal(200, (await PlaceOcoAsync($"algo-{i}", last * 1.03m, last * 0.97m, last * 0.96m, quantity: 0.002m)).Status);
        }

        var (sixth, body5, _) = await PlaceOcoAsync("algo-6", last * 1.03m, last * 0.97m, last * 0.96m, quantity: 0.002m);
        Assert.Equal((400, "Filter failure: MAX_NUM_ALGO_ORDERS"), (sixth, S(body5, "msg")));
    }

    [Fact]
    public async Task Oco_StopTradesThroughAShock_FillsWithinItsLimit_TheTakeProfitExpires_NothingStaysLocked()
    {
        var (last, before) = await BuyEthAsync();
        await PlaceOcoAsync("stop-1", last * 1.03m, last * 0.97m, last * 0.90m);

        await ShockAsync(-5m);
        var (_, list, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=stop-1");
        var (_, stop, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=stop-1-s");
        var (_, maker, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=stop-1-t");
        var (_, trades, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/myTrades", $"symbol=ETHUSDT&orderId={stop.GetProperty("orderId").GetInt64()}");
        var after = await BalancesByAssetAsync();

        Assert.Equal(("ALL_DONE", "FILLED", "EXPIRED"), (S(list, "listOrderStatus"), S(stop, "status"), S(maker, "status")));
        Assert.All(trades.EnumerateArray(), t => Assert.True(D(t, "price") >= Round(last * 0.90m) && D(t, "price") < last * 0.97m));
        Assert.Equal(0.01m, trades.EnumerateArray().Sum(t => D(t, "qty")));
        Assert.Equal((before.Free - 0.01m, 0m), (after["ETH"].Free, after["ETH"].Locked));
    }

    [Fact]
    public async Task Oco_StopGappedBelowItsLimit_RestsUnfilled_ListDone_CancelingTheLegUnlocksAll()
    {
        var (last, before) = await BuyEthAsync();
        await PlaceOcoAsync("gap-1", last * 1.03m, last * 0.97m, last * 0.96m);

        await ShockAsync(-10m);
        var (_, stop, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=gap-1-s");
        var (_, maker, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=gap-1-t");
        var (_, list, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=gap-1");
        var (_, openLists, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/openOrderList", string.Empty);
        var (listCancel, _, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/orderList", "symbol=ETHUSDT&listClientOrderId=gap-1");
        var (legCancel, leg, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=gap-1-s");
        var (again, _, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=gap-1-s");
        var after = await BalancesByAssetAsync();

        // The stop triggered (the maker expired, the list is done) but rests unfilled below its limit.
        Assert.Equal(("NEW", true, "0.00000000", "EXPIRED"), (S(stop, "status"), stop.GetProperty("isWorking").GetBoolean(), S(stop, "executedQty"), S(maker, "status")));
        Assert.Equal("ALL_DONE", S(list, "listOrderStatus"));
        Assert.DoesNotContain(openLists.EnumerateArray(), l => S(l, "listClientOrderId") == "gap-1");
        Assert.Equal((400, 200, "CANCELED", 400), (listCancel, legCancel, S(leg, "status"), again));
        Assert.Equal((before.Free, 0m), (after["ETH"].Free, after["ETH"].Locked));
    }

    [Fact]
    public async Task Oco_TakeProfitTradesThrough_TheMakerFillsAtItsPrice_TheStopExpires()
    {
        var (last, _) = await BuyEthAsync();
        await PlaceOcoAsync("tp-1", last * 1.03m, last * 0.97m, last * 0.96m);

        await ShockAsync(6m);
        var (_, maker, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=tp-1-t");
        var (_, stop, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=tp-1-s");

        Assert.True(D(maker, "executedQty") > 0, maker.GetRawText());
        Assert.Equal(D(maker, "executedQty") * Round(last * 1.03m), D(maker, "cummulativeQuoteQty"));
        Assert.Equal("EXPIRED", S(stop, "status"));
    }

    [Fact]
    public async Task Oco_FaultsOnItsEndpoint_5xxBeforeNothingPlaced_5xxAfterPlacedButNotFoundForAWhile()
    {
        const string Endpoint = "POST /api/v3/orderList/oco";
        var (last, _) = await BuyEthAsync();
        await _simulator.ArmAsync("ServerErrorBeforePlace", status: 503, request: Endpoint);
        // Levels far from the price: on the ×600 market clock nothing may trigger while the test looks.
        var (before, _, _) = await PlaceOcoAsync("fault-1", last * 1.5m, last * 0.6m, last * 0.55m);
        var (absent, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=fault-1");

        await _simulator.ArmAsync("OrderNotFound", durationMs: 1500, request: Endpoint);
        await _simulator.ArmAsync("ServerErrorAfterPlace", status: 502, request: Endpoint);
        var (after, _, _) = await PlaceOcoAsync("fault-2", last * 1.5m, last * 0.6m, last * 0.55m);
        var (hidden, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=fault-2");
        await Task.Delay(1700, TestContext.Current.CancellationToken);
        var (found, list, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=fault-2");
        var (canceled, _, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/orderList", "symbol=ETHUSDT&listClientOrderId=fault-2");

        Assert.Equal((503, 400, 502, 400, 200, 200), (before, absent, after, hidden, found, canceled));
        Assert.Equal("EXECUTING", S(list, "listOrderStatus"));
    }

    private async Task<(decimal Last, (decimal Free, decimal Locked) Eth)> BuyEthAsync()
    {
        var (status, order, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", $"symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.02&newClientOrderId=buy-{Guid.NewGuid():N}"[..60]);
        Assert.Equal(200, status);
        var (_, ticker, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ticker/price", "symbol=ETHUSDT", signed: false);
        return (D(ticker, "price"), (await BalancesByAssetAsync())["ETH"]);
    }

    private Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PlaceOcoAsync(
        string listId, decimal takeProfit, decimal stop, decimal limit, decimal quantity = 0.01m, string? legPrefix = null) =>
        _raw.SendAsync(HttpMethod.Post, "api/v3/orderList/oco", string.Create(
            CultureInfo.InvariantCulture,
            $"symbol=ETHUSDT&side=SELL&quantity={quantity}&listClientOrderId={listId}&aboveType=LIMIT_MAKER&abovePrice={Round(takeProfit)}&aboveClientOrderId={legPrefix ?? listId}-t"
            + $"&belowType=STOP_LOSS_LIMIT&belowStopPrice={Round(stop)}&belowPrice={Round(limit)}&belowTimeInForce=GTC&belowClientOrderId={legPrefix ?? listId}-s"));

    private async Task ShockAsync(decimal percent)
    {
        using var response = await _simulator.Admin.PostAsJsonAsync("admin/shock", new { symbol = "ETHUSDT", percent });
        response.EnsureSuccessStatusCode();
        await Task.Delay(300);
    }

    private async Task<Dictionary<string, (decimal Free, decimal Locked)>> BalancesByAssetAsync() =>
        (await _simulator.Admin.GetFromJsonAsync<List<JsonElement>>("admin/balances"))!
            .ToDictionary(b => S(b, "asset"), b => (D(b, "free"), D(b, "locked")));

    /// <summary>ETHUSDT's tick is 0.01.</summary>
    private static decimal Round(decimal price) => decimal.Round(price, 2, MidpointRounding.ToZero);

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
