using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>
/// A reply the client does not expect (more or fewer items, a missing field, a wrong type, an unknown status,
/// fills that do not add up) is a typed <see cref="ExchangeException"/>, never an unhandled exception: for an
/// order its outcome is Unknown (recovery looks it up), for market data it is a counted outage. The simulator
/// processes each request as usual and then answers with the reshaped body.
/// </summary>
public sealed class MalformedReplyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private ClientHarness _harness = null!;

    private IExchange Exchange => _harness.Exchange;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.Simulator.Admin.DeleteAsync("admin/faults", Ct);
        _harness = ClientHarness.Create(fixture.Simulator, settings: new Dictionary<string, string?> { ["Binance:MaxGetRetries"] = "0" });
    }

    public ValueTask DisposeAsync()
    {
        _harness.Dispose();
        return ValueTask.CompletedTask;
    }

    public static TheoryData<string, string, string> MarketData => new()
    {
        { "price", "GET /api/v3/ticker/price", """[{"symbol":"BTCUSDT","price":"60000.00"},{"symbol":"ETHUSDT","price":"3000.00"}]""" },
        { "price", "GET /api/v3/ticker/price", """{"symbol":"ETHUSDT","price":"3000.00"}""" },
        { "price", "GET /api/v3/ticker/price", """{"symbol":"BTCUSDT","price":60000}""" },
        { "klines", "GET /api/v3/klines", """{"code":0}""" },
        { "klines", "GET /api/v3/klines", """[[1700000000000,"1"]]""" },
        { "avgPrice", "GET /api/v3/avgPrice", """{"mins":5}""" },
        { "account", "GET /api/v3/account", """{"canTrade":true,"balances":"none"}""" },
        { "account", "GET /api/v3/account", """{"canTrade":true,"balances":[{"asset":"USDT","free":"1e999999","locked":"0"}]}""" },
        { "exchangeInfo", "GET /api/v3/exchangeInfo", """{"serverTime":1,"rateLimits":[],"symbols":[{"symbol":"BTCUSDT"}]}""" },
    };

    [Theory]
    [MemberData(nameof(MarketData))]
    public async Task MarketData_UnexpectedReply_TypedOutage(string call, string request, string body)
    {
        await fixture.Simulator.ArmAsync("Reshape", request: request, body: body);

        var error = await Assert.ThrowsAsync<ExchangeException>(() => call switch
        {
            "price" => Exchange.GetPriceAsync("BTCUSDT", Ct),
            "klines" => Exchange.GetClosedCandlesAsync("BTCUSDT", "1m", 5, Ct),
            "avgPrice" => Exchange.GetAveragePriceAsync("BTCUSDT", Ct),
            "account" => Exchange.GetFreeBalanceAsync("USDT", Ct),
            _ => Exchange.GetRulesAsync("BTCUSDT", Ct),
        });

        Assert.Equal((ExecutionStatus.Unknown, ExchangeFailure.Outage), (error.Execution, error.Failure));
    }

    public static TheoryData<string> OrderReplies =>
    [
        """{"symbol":"ETHUSDT","orderId":1,"clientOrderId":"{id}","status":"PAUSED_BY_EXCHANGE","executedQty":"0.01000000","cummulativeQuoteQty":"30.00000000","origQty":"0.01000000","fills":[]}""",
        """{"symbol":"ETHUSDT","orderId":1,"clientOrderId":"{id}","status":"FILLED","executedQty":"lots","cummulativeQuoteQty":"30.00000000"}""",
        """{"symbol":"ETHUSDT","orderId":1,"clientOrderId":"{id}","status":"FILLED","executedQty":"0.01000000","cummulativeQuoteQty":"30.00000000","origQty":"0.01000000","fills":[{"price":"3000.00000000","qty":"0.00400000","commission":"0.00000400","commissionAsset":"ETH","tradeId":1}]}""",
        """{"symbol":"ETHUSDT","orderId":1,"clientOrderId":"someone-else","status":"FILLED","executedQty":"0.01000000","cummulativeQuoteQty":"30.00000000","fills":[]}""",
        """[]""",
    ];

    [Theory]
    [MemberData(nameof(OrderReplies))]
    public async Task PlaceOrder_UnexpectedReply_UnknownOutcomeAndRecoveryFindsTheRealOrder(string body)
    {
        var clientId = $"mal-{Guid.NewGuid():N}"[..20];
        await fixture.Simulator.ArmAsync("Reshape", request: "POST /api/v3/order", body: body.Replace("{id}", clientId, StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Exchange.PlaceMarketOrderAsync("ETHUSDT", OrderSide.Buy, 0.01m, clientId, Ct));
        var found = await Exchange.FindOrderAsync("ETHUSDT", clientId, Ct);

        Assert.Equal(ExecutionStatus.Unknown, error.Execution);
        Assert.NotNull(found);
        Assert.Equal((OrderProgress.Filled, 0.01m), (found.Progress, found.ExecutedQuantity));
        Assert.Equal(found.ExecutedQuantity, found.Fills.Sum(f => f.Quantity));
    }

    [Theory]
    [InlineData("GET /api/v3/order", "[]")]
    [InlineData("GET /api/v3/order", """{"symbol":"ETHUSDT","orderId":1,"clientOrderId":"{id}","status":"FILLED","executedQty":"0.01000000","cummulativeQuoteQty":"-1"}""")]
    [InlineData("GET /api/v3/myTrades", """[{"id":1,"orderId":1}]""")]
    [InlineData("GET /api/v3/myTrades", "[]")]
    public async Task FindOrder_UnexpectedReply_TypedUnknown(string request, string body)
    {
        var clientId = $"mal-{Guid.NewGuid():N}"[..20];
        await Exchange.PlaceMarketOrderAsync("ETHUSDT", OrderSide.Buy, 0.01m, clientId, Ct);
        await fixture.Simulator.ArmAsync("Reshape", request: request, body: body.Replace("{id}", clientId, StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Exchange.FindOrderAsync("ETHUSDT", clientId, Ct));

        Assert.Equal((ExecutionStatus.Unknown, ExchangeFailure.Outage), (error.Execution, error.Failure));
    }

    [Fact]
    public async Task OpenOrders_UnexpectedReply_TypedOutage()
    {
        await fixture.Simulator.ArmAsync("Reshape", request: "GET /api/v3/openOrders", body: """{"orders":[]}""");

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Exchange.CancelOpenOrdersAsync("ETHUSDT", "fb", Ct));

        Assert.Equal(ExchangeFailure.Outage, error.Failure);
    }
}
