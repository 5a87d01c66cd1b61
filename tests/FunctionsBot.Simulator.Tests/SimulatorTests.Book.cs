using System.Globalization;
using System.Text.Json;

namespace FunctionsBot.Simulator.Tests;

/// <summary>
/// Where money is concerned the simulator behaves as Binance documents: MARKET orders walk a book of limited depth
/// and expire with what they got (market_orders_faq), commissions come per fill in the received asset or in BNB
/// (commission_faq), ticker weights follow the parameters, and the account moves when a person acts on it.
/// Checked over HTTP with independent signing, against the simulator's own balances.
/// </summary>
public sealed partial class SimulatorTests
{
    [Fact]
    public async Task MarketBuy_ThinBook_WalksTheLevelsThenExpiresWithThePartFilled()
    {
        await _simulator.SetLiquidityAsync("BTCUSDT", levels: 3, spacing: 0.001m, levelQuote: 20m);
        var before = await _simulator.BalancesAsync();

        var (status, order, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=thin-1");

        var after = await _simulator.BalancesAsync();
        Assert.Equal(200, status);
        Assert.Equal("EXPIRED", order.GetProperty("status").GetString());
        var fills = order.GetProperty("fills").EnumerateArray().Select(f => (Price: D(f, "price"), Qty: D(f, "qty"), Commission: D(f, "commission"), Asset: f.GetProperty("commissionAsset").GetString())).ToList();
        Assert.Equal(3, fills.Count);
        Assert.True(fills[0].Price < fills[1].Price && fills[1].Price < fills[2].Price, "asks are taken best first, each level higher");
        var executed = D(order, "executedQty");
        Assert.InRange(executed, 0.00001m, 0.0099m);
        Assert.Equal(fills.Sum(f => f.Qty), executed);
        Assert.Equal(fills.Sum(f => f.Price * f.Qty), D(order, "cummulativeQuoteQty"));
        Assert.All(fills, f => Assert.Equal(("BTC", decimal.Round(f.Qty * 0.001m, 8, MidpointRounding.ToPositiveInfinity)), (f.Asset, f.Commission)));
        Assert.Equal(before["USDT"] - D(order, "cummulativeQuoteQty"), after["USDT"]);
        Assert.Equal(before["BTC"] + executed - fills.Sum(f => f.Commission), after["BTC"]);
    }

    [Fact]
    public async Task MarketSell_EmptyBook_ExpiresWithNothingFilledAndNothingMoved()
    {
        await _simulator.SetLiquidityAsync("ETHUSDT", emptyBookPercent: 100);
        var before = await _simulator.BalancesAsync();

        var (status, order, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.1&newClientOrderId=empty-1");

        Assert.Equal(200, status);
        Assert.Equal(("EXPIRED", 0m, 0m, 0), (order.GetProperty("status").GetString(), D(order, "executedQty"), D(order, "cummulativeQuoteQty"), order.GetProperty("fills").GetArrayLength()));
        Assert.Equal(before, await _simulator.BalancesAsync());
    }

    [Fact]
    public async Task Commission_PayFeesWithBnb_EveryFillPaysBnbAtTheDiscountAndTheReceivedAssetArrivesWhole()
    {
        await _simulator.SetLiquidityAsync("ETHUSDT", levels: 4, spacing: 0.0005m, levelQuote: 100m);
        await _simulator.PayFeesWithBnbAsync(true);
        var before = await _simulator.BalancesAsync();

        var (_, order, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.05&newClientOrderId=bnb-1");
        var bnbPrice = await PriceAsync("BNBUSDT");

        var after = await _simulator.BalancesAsync();
        var fills = order.GetProperty("fills").EnumerateArray().ToList();
        Assert.True(fills.Count > 1, "a 150 USDT order takes more than one 50–150 USDT level");
        Assert.All(fills, f => Assert.Equal("BNB", f.GetProperty("commissionAsset").GetString()));
        foreach (var fill in fills)
        {
            // 0.075 % of the fill's quote value, in BNB at the price of the moment (the market clock moved a little since).
            var expected = D(fill, "price") * D(fill, "qty") * 0.00075m / bnbPrice;
            Assert.InRange(D(fill, "commission"), expected * 0.98m, expected * 1.02m);
        }

        var executed = D(order, "executedQty");
        var commission = fills.Sum(f => D(f, "commission"));
        Assert.Equal(before["ETH"] + executed, after["ETH"]);
        Assert.Equal(before["BNB"] - commission, after["BNB"]);

        var (_, trades, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/myTrades", $"symbol=ETHUSDT&orderId={order.GetProperty("orderId").GetInt64()}");
        Assert.Equal(fills.Select(f => (D(f, "qty"), D(f, "commission"), "BNB")), trades.EnumerateArray().Select(t => (D(t, "qty"), D(t, "commission"), t.GetProperty("commissionAsset").GetString()!)));

        // Without BNB to pay with, the commission falls back to the received asset.
        await _simulator.TransferAsync("BNB", -after["BNB"]);
        var (_, sell, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.01&newClientOrderId=bnb-2");
        Assert.All(sell.GetProperty("fills").EnumerateArray(), f => Assert.Equal("USDT", f.GetProperty("commissionAsset").GetString()));
    }

    [Fact]
    public async Task LimitOrder_ThinBook_TakesWhatIsThereThenFillsInPartsAsThePathCrossesIt()
    {
        await _simulator.SetLiquidityAsync("XRPUSDT", levels: 2, spacing: 0.0002m, levelQuote: 10m, emptyBookPercent: 0);

        // On the fast clock the path can rise past the limit between reading the price and placing the order (then the
        // order rests with nothing taken); cancel it and try again with a fresh id until one takes the book.
        JsonElement placed = default;
        var clientId = string.Empty;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var price = await PriceAsync("XRPUSDT");
            var limit = decimal.Round(price * 1.003m, 4);
            clientId = $"parts-{attempt}";
            (_, placed, _) = await _raw.SendAsync(
                HttpMethod.Post, "api/v3/order", $"symbol=XRPUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=500&price={limit.ToString(CultureInfo.InvariantCulture)}&newClientOrderId={clientId}");
            if (placed.GetProperty("status").GetString() != "NEW")
            {
                break;
            }

            await _raw.SendAsync(HttpMethod.Delete, "api/v3/order", $"symbol=XRPUSDT&origClientOrderId={clientId}");
        }

        Assert.Equal("PARTIALLY_FILLED", placed.GetProperty("status").GetString());
        var first = D(placed, "executedQty");
        Assert.InRange(first, 0.1m, 499.9m);

        var later = first;
        for (var i = 0; i < 40 && later == first; i++)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            var (_, order, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", $"symbol=XRPUSDT&origClientOrderId={clientId}");
            later = D(order, "executedQty");
        }

        Assert.True(later > first, $"the resting order filled no further part ({first} of 500)");
    }

    [Theory]
    [InlineData("symbol=BTCUSDT", 2, 1)]
    [InlineData("symbols=%5B%22BTCUSDT%22%5D", 4, 1)]
    [InlineData("symbols=%5B%22BTCUSDT%22,%22BNBUSDT%22%5D", 4, 2)]
    [InlineData("", 4, 6)]
    public async Task TickerPrice_SymbolSymbolsOrNeither_DocumentedWeightAndShape(string query, int weight, int count)
    {
        var (_, _, before) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ping", string.Empty, signed: false);
        var (status, body, after) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ticker/price", query, signed: false);

        Assert.Equal(200, status);
        Assert.Equal(weight, Weight(after) - Weight(before));
        Assert.Equal(count, body.ValueKind == JsonValueKind.Object ? 1 : body.GetArrayLength());
        Assert.Equal(query.StartsWith("symbol=", StringComparison.Ordinal), body.ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task ExternalActivity_ManualSellDepositAndWithdrawal_MoveTheAccountOutsideTheBot()
    {
        var before = await _simulator.BalancesAsync();

        await _simulator.ManualTradeAsync("ETHUSDT", "SELL", 0.01m);
        await _simulator.TransferAsync("BNB", 5m);
        await _simulator.TransferAsync("USDT", -100m);
        var overdraw = await Assert.ThrowsAsync<HttpRequestException>(() => _simulator.TransferAsync("BTC", -1000m));

        var after = await _simulator.BalancesAsync();
        Assert.Equal(before["ETH"] - 0.01m, after["ETH"]);
        Assert.Equal(before["BNB"] + 5m, after["BNB"]);
        var manual = Assert.Single(await _simulator.OrdersAsync());
        Assert.StartsWith("web_", manual.ClientOrderId, StringComparison.Ordinal);
        var trade = Assert.Single(await _simulator.TradesAsync());
        Assert.Equal(before["USDT"] - 100m + D(trade.QuoteQty) - D(trade.Commission), after["USDT"]);
        Assert.Contains("-2010", overdraw.Message, StringComparison.Ordinal);
        Assert.Equal(before["BTC"], after["BTC"]);
    }

    private static int Weight(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), CultureInfo.InvariantCulture);

    private static decimal D(JsonElement element, string name) => D(element.GetProperty(name).GetString()!);

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
