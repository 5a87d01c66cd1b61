using System.Globalization;
using System.Text.Json;

namespace FunctionsBot.Simulator.Tests;

/// <summary>
/// What changed at Binance in 2025-2026, as the simulator does it: OPOCO lists (faqs/opo.md: the pending pair is placed
/// for what the working order received net of commission, down to LOT_SIZE, only once it filled fully), LIMIT IOC entries
/// that walk the book up to their price, the book ticker, MAX_NUM_ORDER_LISTS, and weight 0 for a successful order request.
/// </summary>
public sealed partial class SimulatorTests
{
    [Fact]
    public async Task Opoco_WorkingFillsFully_PairPlacedForTheNetReceived_DownToTheStep_Locked()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        var last = await PriceAsync("ETHUSDT");
        var before = await BalancesByAssetAsync();

        var (status, list, _) = await PlaceOpocoAsync("opo-1", last * 1.01m, 0.0153m, last * 1.03m, last * 0.97m, last * 0.96m);

        var after = await BalancesByAssetAsync();
        Assert.Equal(200, status);
        Assert.Equal(("OTO", "EXECUTING"), (S(list, "contingencyType"), S(list, "listOrderStatus")));
        var reports = list.GetProperty("orderReports").EnumerateArray().ToList();
        Assert.Equal(["opo-1-e", "opo-1-s", "opo-1-t"], reports.Select(r => S(r, "clientOrderId")));
        Assert.Equal(("FILLED", 0.0153m), (S(reports[0], "status"), D(reports[0], "executedQty")));
        var (_, trades, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/myTrades", $"symbol=ETHUSDT&orderId={reports[0].GetProperty("orderId").GetInt64()}");
        var commission = trades.EnumerateArray().Sum(t => D(t, "commission"));
        var expected = Math.Floor((0.0153m - commission) / 0.0001m) * 0.0001m; // ETHUSDT's step
        Assert.True(expected < 0.0153m - commission || commission == 0, "the commission left less than the step allows");
        var (_, stop, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=opo-1-s");
        var (_, takeProfit, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=opo-1-t");
        Assert.Equal(("NEW", expected, false), (S(stop, "status"), D(stop, "origQty"), stop.GetProperty("isWorking").GetBoolean()));
        Assert.Equal(("NEW", expected, true), (S(takeProfit, "status"), D(takeProfit, "origQty"), takeProfit.GetProperty("isWorking").GetBoolean()));
        Assert.Equal(before["ETH"].Free + 0.0153m - commission - expected, after["ETH"].Free);
        Assert.Equal(before["ETH"].Locked + expected, after["ETH"].Locked);

        // The stop fires as for any OCO (the price between the stop and its limit): the take-profit expires, the list ends.
        await _simulator.SetMarketSpeedAsync(600);
        await ShockAsync(-3.5m);
        var (_, fired, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=opo-1-s");
        var (_, expired, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", "symbol=ETHUSDT&origClientOrderId=opo-1-t");
        var (_, ended, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/orderList", "origClientOrderId=opo-1");
        Assert.Equal(("FILLED", expected), (S(fired, "status"), D(fired, "executedQty")));
        Assert.Equal("EXPIRED", S(expired, "status"));
        Assert.Equal("ALL_DONE", S(ended, "listOrderStatus"));
    }

    [Fact]
    public async Task Opoco_IocWorkingFillsInPart_PairNeverPlaced_ListEnds_ReceivedStaysFree()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        await _simulator.SetLiquidityAsync("ETHUSDT", levels: 2, spacing: 0.001m, levelQuote: 20m);
        var last = await PriceAsync("ETHUSDT");
        var before = await BalancesByAssetAsync();

        var (status, list, _) = await PlaceOpocoAsync("opo-2", last * 1.01m, 0.05m, last * 1.03m, last * 0.97m, last * 0.96m);

        var after = await BalancesByAssetAsync();
        Assert.Equal(200, status);
        Assert.Equal("ALL_DONE", S(list, "listOrderStatus"));
        var reports = list.GetProperty("orderReports").EnumerateArray().ToList();
        Assert.Equal(["EXPIRED", "EXPIRED", "EXPIRED"], reports.Select(r => S(r, "status")));
        var executed = D(reports[0], "executedQty");
        Assert.InRange(executed, 0.0001m, 0.0499m);
        Assert.True(D(reports[0], "cummulativeQuoteQty") <= executed * Round(last * 1.01m), "never above the working price");
        Assert.Equal(before["ETH"].Locked, after["ETH"].Locked);
        Assert.True(after["ETH"].Free > before["ETH"].Free);
        Assert.Equal(before["USDT"].Locked, after["USDT"].Locked);
    }

    [Fact]
    public async Task Opoco_RefusedAsBinanceRefusesIt()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        var last = await PriceAsync("ETHUSDT");

        var (sell, body1, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/orderList/opoco", Opoco("bad-1", last, 0.01m, last * 1.03m, last * 0.97m, last * 0.96m).Replace("workingSide=BUY", "workingSide=SELL", StringComparison.Ordinal));
        var (prices, body2, _) = await PlaceOpocoAsync("bad-2", last, 0.01m, last * 0.99m, last * 0.97m, last * 0.96m);
        await PlaceOpocoAsync("dup", last * 0.9m, 0.01m, last * 1.03m, last * 0.97m, last * 0.96m, tif: "GTC");
        var (duplicate, body3, _) = await PlaceOpocoAsync("dup", last * 0.9m, 0.01m, last * 1.03m, last * 0.97m, last * 0.96m, tif: "GTC");

        Assert.Equal((400, -2010), (sell, body1.GetProperty("code").GetInt32()));
        Assert.Equal((400, -2010, "The relationship of the prices for the orders is not correct."), (prices, body2.GetProperty("code").GetInt32(), S(body2, "msg")));
        Assert.Equal((400, "Duplicate order sent."), (duplicate, S(body3, "msg")));
    }

    [Fact]
    public async Task Opoco_RestingWorkingOrderCanceled_ItsFundsReturn_PairNeverPlaced()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        var last = await PriceAsync("ETHUSDT");
        var before = await BalancesByAssetAsync();
        await PlaceOpocoAsync("rest-1", Round(last * 0.9m), 0.01m, last * 1.03m, last * 0.97m, last * 0.96m, tif: "GTC");
        var resting = await BalancesByAssetAsync();

        var (canceled, list, _) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/orderList", "symbol=ETHUSDT&listClientOrderId=rest-1");

        var after = await BalancesByAssetAsync();
        Assert.Equal(before["USDT"].Locked + (0.01m * Round(last * 0.9m)), resting["USDT"].Locked);
        Assert.Equal(200, canceled);
        Assert.Equal(["CANCELED", "CANCELED", "CANCELED"], list.GetProperty("orderReports").EnumerateArray().Select(r => S(r, "status")));
        Assert.Equal(before["USDT"], after["USDT"]);
    }

    [Fact]
    public async Task OpoDisallowedSymbol_SaysSoInExchangeInfo_AndRefusesTheList()
    {
        await _simulator.DisposeAsync();
        _simulator = await Testing.SimulatorProcess.StartAsync(new Dictionary<string, string?> { ["Simulator__OpoDisallowed"] = "ETHUSDT" });
        _raw.Dispose();
        _raw = new RawBinance(_simulator);
        var last = await PriceAsync("ETHUSDT");

        var (_, info, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", "symbols=[\"ETHUSDT\",\"BTCUSDT\"]", signed: false);
        var (status, body, _) = await PlaceOpocoAsync("no-opo", last * 1.01m, 0.01m, last * 1.03m, last * 0.97m, last * 0.96m);

        Assert.Equal([false, true], info.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("opoAllowed").GetBoolean()));
        Assert.Equal((400, -2010), (status, body.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task LimitIoc_ThinBook_WalksUpToItsPriceOnly_RestExpires_NothingLocked()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        await _simulator.SetLiquidityAsync("BTCUSDT", levels: 5, spacing: 0.001m, levelQuote: 20m);
        var (_, book, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ticker/bookTicker", "symbol=BTCUSDT", signed: false);
        var ask = D(book, "askPrice");
        var cap = decimal.Round(ask * 1.0025m, 2, MidpointRounding.ToZero);
        var before = await _simulator.BalancesAsync();

        var (status, order, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", string.Create(
            CultureInfo.InvariantCulture, $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.01&price={cap}&newClientOrderId=ioc-1"));

        var after = await _simulator.BalancesAsync();
        Assert.Equal(200, status);
        Assert.True(D(book, "bidPrice") <= ask && D(book, "askQty") > 0);
        Assert.Equal(("EXPIRED", "IOC"), (S(order, "status"), S(order, "timeInForce")));
        var fills = order.GetProperty("fills").EnumerateArray().Select(f => (Price: D(f, "price"), Qty: D(f, "qty"))).ToList();
        // The five levels sit 0, 0.1 … 0.4 % above the path; the cap at 0.25 % above the ask lets the first three fill.
        Assert.Equal(3, fills.Count);
        Assert.All(fills, f => Assert.True(f.Price <= cap, $"{f.Price} paid above the cap {cap}"));
        Assert.InRange(D(order, "executedQty"), 0.0001m, 0.0099m);
        Assert.Equal(before["USDT"] - D(order, "cummulativeQuoteQty"), after["USDT"]);
        Assert.Equal(0m, (await BalancesByAssetAsync())["USDT"].Locked);
    }

    [Fact]
    public async Task OrderRequests_Weight0WhenTheySucceed_TheirWeightWhenTheyFail()
    {
        var (_, _, first) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ping", string.Empty, signed: false);
        var (ok, _, placed) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001&newClientOrderId=w-1");
        var (refused, _, failed) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.00000001&newClientOrderId=w-2");
        var (notThere, _, cancel) = await _raw.SendAsync(HttpMethod.Delete, "api/v3/order", "symbol=BTCUSDT&origClientOrderId=w-1");

        Assert.Equal((200, 400, 400), (ok, refused, notThere));
        Assert.Equal(Weight(first), Weight(placed));
        Assert.Equal(Weight(placed) + 1, Weight(failed));
        Assert.Equal(Weight(failed) + 1, Weight(cancel));
    }

    [Fact]
    public async Task MaxNumOrderLists_TwentyOpenListsOnASymbol_TheNextRefused()
    {
        await _simulator.SetMarketSpeedAsync(1); // the prices below are set from the market: no x600 drift before the order arrives
        var last = await PriceAsync("ETHUSDT");
        var (_, info, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", "symbol=ETHUSDT", signed: false);
        var filter = info.GetProperty("symbols")[0].GetProperty("filters").EnumerateArray().Single(f => S(f, "filterType") == "MAX_NUM_ORDER_LISTS");
        Assert.Equal(20, filter.GetProperty("maxNumOrderLists").GetInt32());
        for (var i = 0; i < 20; i++)
        {
            var (placed, body, _) = await PlaceOpocoAsync($"many-{i}", Round(last * 0.9m), 0.01m, last * 1.03m, last * 0.97m, last * 0.96m, tif: "GTC");
            Assert.True(placed == 200, body.GetRawText());
        }

        var (status, refused, _) = await PlaceOpocoAsync("many-20", Round(last * 0.9m), 0.01m, last * 1.03m, last * 0.97m, last * 0.96m, tif: "GTC");

        Assert.Equal((400, -1013, "Filter failure: MAX_NUM_ORDER_LISTS"), (status, refused.GetProperty("code").GetInt32(), S(refused, "msg")));
    }

    private Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PlaceOpocoAsync(
        string listId, decimal workingPrice, decimal quantity, decimal takeProfit, decimal stop, decimal limit, string tif = "IOC") =>
        _raw.SendAsync(HttpMethod.Post, "api/v3/orderList/opoco", Opoco(listId, workingPrice, quantity, takeProfit, stop, limit, tif));

    private static string Opoco(string listId, decimal workingPrice, decimal quantity, decimal takeProfit, decimal stop, decimal limit, string tif = "IOC") => string.Create(
        CultureInfo.InvariantCulture,
        $"symbol=ETHUSDT&listClientOrderId={listId}&workingType=LIMIT&workingSide=BUY&workingPrice={Round(workingPrice)}&workingQuantity={quantity}&workingTimeInForce={tif}&workingClientOrderId={listId}-e"
        + $"&pendingSide=SELL&pendingAboveType=LIMIT_MAKER&pendingAbovePrice={Round(takeProfit)}&pendingAboveClientOrderId={listId}-t"
        + $"&pendingBelowType=STOP_LOSS_LIMIT&pendingBelowStopPrice={Round(stop)}&pendingBelowPrice={Round(limit)}&pendingBelowTimeInForce=GTC&pendingBelowClientOrderId={listId}-s");
}
