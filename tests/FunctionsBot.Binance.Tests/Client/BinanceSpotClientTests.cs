using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Testing;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>Every endpoint of the client against the simulator over HTTP.</summary>
public sealed class BinanceSpotClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT"];
    private readonly ClientHarness _harness = ClientHarness.Create(fixture.Simulator);

    private BinanceSpotClient Client => _harness.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PingAndTime_Simulator_AnswersAndOffsetIsSmall()
    {
        await Client.PingAsync(Ct);
        var serverTime = await Client.GetServerTimeAsync(Ct);

        Assert.True(Math.Abs(Client.ServerTimeOffset.TotalSeconds) < 2, $"offset {Client.ServerTimeOffset}");
        Assert.True(Math.Abs((serverTime - DateTimeOffset.UtcNow).TotalSeconds) < 5);
        Assert.True(Client.UsedWeight1M > 0);
    }

    [Fact]
    public async Task AccountHistory_TwoDayWindow_PagedIntoDaySlices_OrdersTradesAndBalancesAsTheExchangeReports()
    {
        var clientOrderId = "hist-" + Guid.NewGuid().ToString("N")[..12];
        var placed = await Client.PlaceOrderAsync(new OrderRequest("DOGEUSDT", OrderSide.Buy, OrderType.Market, clientOrderId, Quantity: 100m), Ct);
        var now = await _harness.Account.GetServerTimeAsync(Ct);

        var orders = await _harness.Account.GetOrdersAsync("DOGEUSDT", now.AddHours(-48), now.AddMinutes(1), Ct);
        var trades = await _harness.Account.GetTradesAsync("DOGEUSDT", now.AddHours(-48), now.AddMinutes(1), Ct);
        var balances = await _harness.Account.GetBalancesAsync(Ct);
        var found = await _harness.Account.FindOrderAsync("DOGEUSDT", clientOrderId, Ct);
        var absent = await _harness.Account.FindOrderAsync("DOGEUSDT", clientOrderId + "-none", Ct);

        var order = Assert.Single(orders, o => o.ClientOrderId == clientOrderId);
        Assert.Equal((placed.OrderId, OrderSide.Buy, placed.ExecutedQty, placed.CummulativeQuoteQty, false), (order.OrderId, order.Side, order.ExecutedQuantity, order.QuoteQuantity, order.IsOpen));
        var fills = trades.Where(t => t.OrderId == placed.OrderId).ToList();
        Assert.Equal(placed.Fills.Select(f => (f.Price, f.Qty, f.Commission, f.CommissionAsset)), fills.Select(t => (t.Price, t.Quantity, t.Commission, t.CommissionAsset)));
        Assert.Equal(orders.OrderBy(o => o.Time).ThenBy(o => o.OrderId), orders);
        Assert.Contains(balances, b => b.Asset == "DOGE" && b.Total > 0);
        Assert.Equal(order, found);
        Assert.Null(absent);
    }

    [Fact]
    public async Task OcoList_PlacedFoundListedCanceledOnce_LegsReadAsOrders_RulesSayOcoAllowed()
    {
        var id = "oco-" + Guid.NewGuid().ToString("N")[..12];
        await Client.PlaceOrderAsync(new OrderRequest("BNBUSDT", OrderSide.Buy, OrderType.Market, id + "b", Quantity: 0.1m), Ct);
        var last = (await Client.GetTickerPriceAsync("BNBUSDT", Ct)).Price;
        var rules = await _harness.Exchange.GetRulesAsync("BNBUSDT", Ct);
        var tick = rules.Filter<PriceFilter>()!.TickSize;
        var request = new OcoRequest(
            "BNBUSDT", 0.05m, id, id + "t", DecimalSteps.Up(last * 1.05m, tick), id + "s", DecimalSteps.Down(last * 0.95m, tick), DecimalSteps.Down(last * 0.94m, tick));

        var listId = await _harness.Lists.PlaceOcoAsync(request, Ct);
        var found = await _harness.Lists.FindListAsync("BNBUSDT", id, Ct);
        var open = await _harness.Lists.GetOpenListsAsync(Ct);
        var stop = await _harness.Exchange.FindOrderAsync("BNBUSDT", id + "s", Ct);
        var canceled = await _harness.Lists.CancelListAsync("BNBUSDT", id, Ct);
        var again = await _harness.Lists.CancelListAsync("BNBUSDT", id, Ct);
        var takeProfit = await _harness.Exchange.FindOrderAsync("BNBUSDT", id + "t", Ct);

        Assert.Equal((true, 5), (rules.OcoAllowed, rules.MaxNumAlgoOrders));
        Assert.Equal((new OrderListState(listId, true), listId), (found, open[id]));
        Assert.Equal((OrderProgress.Working, 0m, false), (stop!.Progress, stop.ExecutedQuantity, stop.OnBook));
        Assert.Equal((true, false), (canceled, again));
        Assert.Equal(OrderProgress.Ended, takeProfit!.Progress);
        Assert.DoesNotContain(id, (await _harness.Lists.GetOpenListsAsync(Ct)).Keys);
        Assert.Null(await _harness.Lists.FindListAsync("BNBUSDT", id + "x", Ct));
        Assert.False(await _harness.Lists.CancelOrderAsync("BNBUSDT", id + "s", Ct));
    }

    [Fact]
    public async Task Opoco_PlacedFilledFully_ListIdOnTheWorkingOrder_PairWorking_CanceledLikeAnOco_RulesSayOpoAllowed()
    {
        var id = "opo-" + Guid.NewGuid().ToString("N")[..12];
        var rules = await _harness.Exchange.GetRulesAsync("BNBUSDT", Ct);
        var tick = rules.Filter<PriceFilter>()!.TickSize;
        var ask = await _harness.Exchange.GetBestAskAsync("BNBUSDT", Ct);
        var last = (await Client.GetTickerPriceAsync("BNBUSDT", Ct)).Price;
        var request = new OpocoRequest(0.05m, DecimalSteps.Down(ask * 1.005m, tick), id + "e", new OcoRequest(
            "BNBUSDT", 0.05m, id, id + "t", DecimalSteps.Up(last * 1.05m, tick), id + "s", DecimalSteps.Down(last * 0.95m, tick), DecimalSteps.Down(last * 0.94m, tick)));

        var placed = await _harness.Lists.PlaceOpocoAsync(request, Ct);
        var found = await _harness.Lists.FindListAsync("BNBUSDT", id, Ct);
        var stop = await _harness.Exchange.FindOrderAsync("BNBUSDT", id + "s", Ct);
        var canceled = await _harness.Lists.CancelListAsync("BNBUSDT", id, Ct);

        Assert.Equal((true, 20), (rules.OpoAllowed, rules.MaxNumOrderLists));
        Assert.True(ask >= last - tick && ask > 0, $"ask {ask}, last {last}");
        Assert.Equal((OrderProgress.Filled, 0.05m, placed.OrderListId), (placed.Working.Progress, placed.Working.ExecutedQuantity, placed.Working.OrderListId));
        Assert.True(placed.Working.QuoteQuantity <= 0.05m * request.Price);
        Assert.NotEmpty(placed.Working.Fills);
        Assert.Equal(new OrderListState(placed.OrderListId, true), found);
        Assert.Equal((OrderProgress.Working, false, placed.OrderListId), (stop!.Progress, stop.OnBook, stop.OrderListId));
        Assert.True(canceled, "a list whose only trade is its working order's is canceled untouched");
    }

    [Fact]
    public async Task LimitIoc_AboveTheAsk_FillsAtTheBookNotItsLimit_BelowTheBook_ExpiresWithNothing()
    {
        var ask = await _harness.Exchange.GetBestAskAsync("ETHUSDT", Ct);

        var filled = await _harness.Exchange.PlaceLimitIocAsync("ETHUSDT", OrderSide.Buy, 0.01m, decimal.Round(ask * 1.01m, 2), "ioc-" + Guid.NewGuid().ToString("N")[..12], Ct);
        var expired = await _harness.Exchange.PlaceLimitIocAsync("ETHUSDT", OrderSide.Buy, 0.01m, decimal.Round(ask * 0.9m, 2), "ioc-" + Guid.NewGuid().ToString("N")[..12], Ct);

        Assert.Equal((OrderProgress.Filled, 0.01m), (filled.Progress, filled.ExecutedQuantity));
        Assert.True(filled.QuoteQuantity < 0.01m * decimal.Round(ask * 1.01m, 2), "filled at the book's prices, below its limit");
        Assert.Equal((OrderProgress.Ended, 0m), (expired.Progress, expired.ExecutedQuantity));
    }

    [Fact]
    public async Task Placement_RefusedMarketClosed_CachedRulesReadAgain_StatusSeenAtOnce()
    {
        await using var simulator = await SimulatorProcess.StartAsync();
        using var harness = ClientHarness.Create(simulator);
        Assert.True((await harness.Exchange.GetRulesAsync("SOLUSDT", Ct)).IsTrading);
        await simulator.HaltAsync("SOLUSDT", "BREAK", marketMinutes: 60);

        var cached = await harness.Exchange.GetRulesAsync("SOLUSDT", Ct);
        var refused = await Assert.ThrowsAsync<ExchangeException>(() => harness.Exchange.PlaceMarketOrderAsync("SOLUSDT", OrderSide.Buy, 0.1m, "closed-1", Ct));
        var fresh = await harness.Exchange.GetRulesAsync("SOLUSDT", Ct);

        Assert.Equal(("TRADING", ExecutionStatus.Rejected, "BREAK"), (cached.Status, refused.Execution, fresh.Status));
        Assert.Contains("Market is closed.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeInfo_AllSymbols_OneCallWithTypedFilters()
    {
        var info = await Client.GetExchangeInfoAsync(Symbols, Ct);

        Assert.Equal(Symbols, info.Symbols.Select(s => s.Symbol));
        Assert.All(info.Symbols, s =>
        {
            Assert.True(s.IsTrading);
            Assert.NotNull(s.Filter<PriceFilter>());
            Assert.NotNull(s.Filter<LotSizeFilter>());
            Assert.NotNull(s.Filter<MarketLotSizeFilter>());
            Assert.NotNull(s.Filter<NotionalFilter>());
            Assert.NotNull(s.Filter<PercentPriceBySideFilter>());
            Assert.NotNull(s.Filter<MaxNumOrdersFilter>());
        });
        Assert.Contains(info.RateLimits, r => r.Type == "REQUEST_WEIGHT" && r.Limit == 6000);
    }

    [Fact]
    public async Task ReadMarkets_OneKlinesRequestPerSymbol_PriceIsTheFormingCandle_AFailureStaysWithItsSymbol()
    {
        var before = await fixture.Simulator.WeightByEndpointAsync();
        var reads = await _harness.Exchange.ReadMarketsAsync([.. Symbols, "NOPEUSDT"], "1h", 5, Ct);
        var after = await fixture.Simulator.WeightByEndpointAsync();
        var tickers = await Client.GetTickerPricesAsync(Symbols, Ct);

        // Weight 2 per symbol, one request each, no ticker request.
        Assert.Equal(Symbols.Length + 1, after["GET /api/v3/klines"].Calls - before.GetValueOrDefault("GET /api/v3/klines").Calls);
        Assert.Equal(2 * (Symbols.Length + 1), after["GET /api/v3/klines"].Weight - before.GetValueOrDefault("GET /api/v3/klines").Weight);
        Assert.Equal(before.GetValueOrDefault("GET /api/v3/ticker/price").Calls, after.GetValueOrDefault("GET /api/v3/ticker/price").Calls);
        foreach (var symbol in Symbols)
        {
            var read = reads[symbol];
            Assert.Null(read.Failure);
            var klines = await Client.GetKlinesAsync(symbol, "1h", 6, Ct);
            Assert.Equal(klines.SkipLast(1).Select(k => (k.OpenTime, k.Open, k.High, k.Low, k.Close, k.Volume, k.CloseTime)), read.Candles.Select(c => (c.OpenTime, c.Open, c.High, c.Low, c.Close, c.Volume, c.CloseTime)));
            var ticker = tickers.Single(t => t.Symbol == symbol).Price;
            Assert.InRange(read.Price, ticker * 0.995m, ticker * 1.005m);
        }

        Assert.Equal(FunctionsBot.Core.Exchange.ExchangeFailure.Refused, reads["NOPEUSDT"].Failure?.Failure);
    }

    [Fact]
    public async Task MarketData_TickersKlinesAveragePrice_ConsistentWithEachOther()
    {
        var tickers = await Client.GetTickerPricesAsync(Symbols, Ct);
        var klines = await Client.GetKlinesAsync("ETHUSDT", "1m", 10, Ct);
        var average = await Client.GetAveragePriceAsync("ETHUSDT", Ct);

        Assert.Equal(Symbols, tickers.Select(t => t.Symbol));
        Assert.All(tickers, t => Assert.True(t.Price > 0));
        Assert.Equal(10, klines.Count);
        Assert.All(klines.Zip(klines.Skip(1)), pair => Assert.Equal(pair.First.OpenTime + 60_000, pair.Second.OpenTime));
        Assert.All(klines.SkipLast(1), k => Assert.True(k.IsClosedAt(DateTimeOffset.UtcNow)));
        Assert.All(klines, k => Assert.True(k.Low <= k.Open && k.Open <= k.High && k.Low <= k.Close && k.Close <= k.High));
        var eth = tickers.Single(t => t.Symbol == "ETHUSDT").Price;
        Assert.InRange(average.Price, eth * 0.9m, eth * 1.1m);
        Assert.Equal(5, average.Mins);
    }

    [Fact]
    public async Task PlaceMarketBuy_FillsWithCommissionInBase_AndIsFoundByClientIdAndTrades()
    {
        var before = (await Client.GetAccountAsync(Ct)).Balance("BTC").Free;
        var clientId = NewId();

        var placed = await Client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market, clientId, Quantity: 0.001m), Ct);
        var queried = await Client.QueryOrderAsync("BTCUSDT", clientId, Ct);
        var trades = await Client.GetTradesAsync("BTCUSDT", placed.OrderId, Ct);
        var after = (await Client.GetAccountAsync(Ct)).Balance("BTC").Free;

        Assert.Equal(OrderStatus.Filled, placed.Status);
        Assert.Equal(0.001m, placed.Fills.Sum(f => f.Qty));
        Assert.All(placed.Fills, f => Assert.Equal("BTC", f.CommissionAsset));
        Assert.Equal((placed.OrderId, OrderStatus.Filled, 0.001m), (queried.OrderId, queried.Status, queried.ExecutedQty));
        var trade = Assert.Single(trades);
        Assert.Equal(placed.Fills[0].TradeId, trade.Id);
        Assert.Equal(0.001m - placed.Fills.Sum(f => f.Commission), after - before);
    }

    [Fact]
    public async Task LimitBuyBelowMarket_RestsIsListedAndCancels()
    {
        var price = (await Client.GetTickerPricesAsync(["SOLUSDT"], Ct))[0].Price;
        var clientId = NewId();

        var placed = await Client.PlaceOrderAsync(new OrderRequest("SOLUSDT", OrderSide.Buy, OrderType.Limit, clientId, Quantity: 0.1m, Price: decimal.Round(price * 0.5m, 2)), Ct);
        var open = await Client.GetOpenOrdersAsync("SOLUSDT", Ct);
        var canceled = await Client.CancelOrderAsync("SOLUSDT", clientId, Ct);
        var queried = await Client.QueryOrderAsync("SOLUSDT", clientId, Ct);

        Assert.Equal(OrderStatus.New, placed.Status);
        Assert.Contains(open, o => o.ClientOrderId == clientId);
        Assert.Equal((clientId, OrderStatus.Canceled), (canceled.ClientOrderId, canceled.Status));
        Assert.Equal(OrderStatus.Canceled, queried.Status);
    }

    [Fact]
    public async Task PlaceOrder_ClientIdOfAnOpenOrder_RejectedAsDuplicate()
    {
        var price = (await Client.GetTickerPricesAsync(["BNBUSDT"], Ct))[0].Price;
        var clientId = NewId();
        var limit = new OrderRequest("BNBUSDT", OrderSide.Buy, OrderType.Limit, clientId, Quantity: 0.1m, Price: decimal.Round(price * 0.5m, 2));
        await Client.PlaceOrderAsync(limit, Ct);

        var ex = await Assert.ThrowsAsync<BinanceApiException>(() => Client.PlaceOrderAsync(limit, Ct));

        Assert.Equal((400, -2010, "Duplicate order sent.", ExecutionStatus.Rejected), (ex.HttpStatus, ex.Code, ex.BinanceMessage, ex.Execution));
        await Client.CancelOrderAsync("BNBUSDT", clientId, Ct);
    }

    [Fact]
    public async Task PlaceOrder_QuantityOffTheStep_FilterFailureRejected()
    {
        var ex = await Assert.ThrowsAsync<BinanceApiException>(() =>
            Client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market, NewId(), Quantity: 0.0000123m), Ct));

        Assert.Equal((-1013, "Filter failure: LOT_SIZE", ExecutionStatus.Rejected), (ex.Code, ex.BinanceMessage, ex.Execution));
    }

    [Fact]
    public async Task QueryOrder_NeverPlaced_IsOrderNotFound()
    {
        var ex = await Assert.ThrowsAsync<BinanceApiException>(() => Client.QueryOrderAsync("BTCUSDT", NewId(), Ct));

        Assert.True(ex.IsOrderNotFound);
        Assert.Equal(ExecutionStatus.Rejected, ex.Execution);
    }

    [Fact]
    public async Task PlaceOrder_InvalidClientId_RefusedBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market, "has.dot", Quantity: 0.001m), Ct));
    }

    public void Dispose() => _harness.Dispose();

    private static string NewId() => "t" + Guid.NewGuid().ToString("N")[..20];
}
