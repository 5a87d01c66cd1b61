using System.Globalization;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Simulator.Tests;

/// <summary>The simulator's own checks, driven over HTTP with independent signing (the book, fees and the account: <c>SimulatorTests.Book.cs</c>).</summary>
public sealed partial class SimulatorTests : IAsyncLifetime
{
    private SimulatorProcess _simulator = null!;
    private RawBinance _raw = null!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorProcess.StartAsync(new Dictionary<string, string?> { ["Simulator__ClockSpeed"] = "600" });
        _raw = new RawBinance(_simulator);
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        await _simulator.DisposeAsync();
    }

    [Theory]
    [InlineData(null, SimulatorProcess.ApiSecret, 401, -2014)]
    [InlineData("someone-else", SimulatorProcess.ApiSecret, 401, -2015)]
    [InlineData(SimulatorProcess.ApiKey, "wrong-secret", 400, -1022)]
    public async Task SignedEndpoint_BadCredentials_BinanceCodes(string? key, string secret, int status, int code)
    {
        var (actualStatus, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: key, secret: secret);

        Assert.Equal((status, code), (actualStatus, body.GetProperty("code").GetInt32()));
    }

    [Theory]
    [InlineData(-30_000, "outside of the recvWindow")]
    [InlineData(10_000, "1000ms ahead")]
    public async Task SignedEndpoint_TimestampOutsideTheWindow_Minus1021(int offsetMs, string message)
    {
        var (status, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, timestamp: RawBinance.Now + offsetMs);

        Assert.Equal(400, status);
        Assert.Equal(-1021, body.GetProperty("code").GetInt32());
        Assert.Contains(message, body.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyEndpoint_ReportsUsedWeight()
    {
        var (_, _, first) = await _raw.SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", string.Empty, signed: false);
        var (_, _, second) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ping", string.Empty, signed: false);

        var a = int.Parse(first.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), CultureInfo.InvariantCulture);
        var b = int.Parse(second.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), CultureInfo.InvariantCulture);
        Assert.True(a >= 20);
        Assert.True(b == a + 1 || b < a); // +1 for ping, unless the minute rolled over
    }

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0000123", -1013, "Filter failure: LOT_SIZE")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.00001", -1013, "Filter failure: NOTIONAL")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.001", -1013, "Filter failure: PRICE_FILTER")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=1000", -1013, "Filter failure: PERCENT_PRICE_BY_SIDE")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=101", -1013, "Filter failure: MARKET_LOT_SIZE")]
    [InlineData("symbol=DOGEUSDT&side=BUY&type=MARKET&quantity=5", -1013, "Filter failure: MIN_NOTIONAL")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", -2010, "Account has insufficient balance for requested action.")]
    [InlineData("symbol=NOPEUSDT&side=BUY&type=MARKET&quantity=1", -1121, "Invalid symbol.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1e-3", -1100, "Illegal characters found in parameter 'quantity'")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=has.dot", -1100, "newClientOrderId")]
    public async Task PlaceOrder_InvalidOrder_RejectedAsBinanceDoes(string query, int code, string message)
    {
        var (status, body, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", query);

        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.Contains(message, body.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceOrder_Market_FilledWithCommissionOnTheReceivedAsset()
    {
        var (status, body, response) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.1&newClientOrderId=sell-1");

        Assert.Equal(200, status);
        Assert.Equal("FILLED", body.GetProperty("status").GetString());
        var fill = body.GetProperty("fills").EnumerateArray().Single();
        var quote = decimal.Parse(body.GetProperty("cummulativeQuoteQty").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal("USDT", fill.GetProperty("commissionAsset").GetString());
        Assert.Equal(decimal.Round(quote * 0.001m, 8, MidpointRounding.ToPositiveInfinity), decimal.Parse(fill.GetProperty("commission").GetString()!, CultureInfo.InvariantCulture));
        Assert.True(response.Headers.Contains("X-MBX-ORDER-COUNT-10S"));
    }

    [Fact]
    public async Task PlaceOrder_ClientIdOfAnOpenOrder_DuplicateRejected()
    {
        var price = await PriceAsync("BTCUSDT");
        var query = $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price={decimal.Round(price * 0.5m, 2).ToString(CultureInfo.InvariantCulture)}&newClientOrderId=dup-1";
        var (first, _, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", query);

        var (second, body, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", query);

        Assert.Equal(200, first);
        Assert.Equal((400, -2010, "Duplicate order sent."), (second, body.GetProperty("code").GetInt32(), body.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task Fault_ScopedToOrderPlacement_MarketDataUnaffected_OrderRateLimited()
    {
        await _simulator.ArmAsync("RateLimit", count: 1, retryAfterSeconds: 1, request: "POST /api/v3/order");

        var (priceStatus, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ticker/price", "symbol=BTCUSDT", signed: false);
        var (accountStatus, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty);
        var (orderStatus, body, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=scoped-1");
        var (againStatus, _, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=scoped-2");

        Assert.Equal((200, 200), (priceStatus, accountStatus));
        Assert.Equal((429, -1003), (orderStatus, body.GetProperty("code").GetInt32()));
        Assert.Equal(200, againStatus); // armed for one request only
        Assert.DoesNotContain(await _simulator.OrdersAsync(), o => o.ClientOrderId == "scoped-1");
    }

    [Fact]
    public async Task LimitOrder_PathCrossesItUnderTheFastClock_FillsAtItsPrice()
    {
        // Rest on the side the path is heading back to: below a price above its average, above one below it.
        // On the fast clock the price can pass the limit before the order arrives (then it fills at once as a
        // taker); try again with a fresh id until one rests.
        decimal limit = 0;
        var clientId = string.Empty;
        var rested = false;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var price = await PriceAsync("XRPUSDT");
            var (_, average, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/avgPrice", "symbol=XRPUSDT", signed: false);
            var buy = price >= decimal.Parse(average.GetProperty("price").GetString()!, CultureInfo.InvariantCulture);
            limit = decimal.Round(price * (buy ? 0.998m : 1.002m), 4);
            clientId = $"rest-{attempt}";
            var query = $"symbol=XRPUSDT&side={(buy ? "BUY" : "SELL")}&type=LIMIT&timeInForce=GTC&quantity=100&price={limit.ToString(CultureInfo.InvariantCulture)}&newClientOrderId={clientId}";
            var (_, placed, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", query);
            if (placed.GetProperty("status").GetString() == "NEW")
            {
                rested = true;
                break;
            }
        }

        Assert.True(rested, "no limit order rested in 5 attempts");

        JsonElement order = default;
        for (var i = 0; i < 60; i++)
        {
            (_, order, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/order", $"symbol=XRPUSDT&origClientOrderId={clientId}");
            if (order.GetProperty("status").GetString() == "FILLED")
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        Assert.Equal(limit * 100, decimal.Parse(order.GetProperty("cummulativeQuoteQty").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Klines_SameWindow_SameCandles()
    {
        var (_, a, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/klines", "symbol=BTCUSDT&interval=1m&startTime=1767225600000&limit=5", signed: false);
        var (_, b, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/klines", "symbol=BTCUSDT&interval=1m&startTime=1767225600000&limit=5", signed: false);

        Assert.Equal(5, a.GetArrayLength());
        Assert.Equal(a.GetRawText(), b.GetRawText());
        Assert.Equal(1767225600000, a[0][0].GetInt64());
    }

    private async Task<decimal> PriceAsync(string symbol)
    {
        var (_, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/ticker/price", $"symbol={symbol}", signed: false);
        return decimal.Parse(body.GetProperty("price").GetString()!, CultureInfo.InvariantCulture);
    }
}
