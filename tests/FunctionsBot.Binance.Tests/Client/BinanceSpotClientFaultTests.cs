using System.Net.Http.Json;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>Every injected fault gets its documented classification, and no order is ever sent twice by the client.</summary>
public sealed class BinanceSpotClientFaultTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private ClientHarness _harness = null!;

    private BinanceSpotClient Client => _harness.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.Simulator.Admin.DeleteAsync("admin/faults", Ct);
        _harness = ClientHarness.Create(fixture.Simulator, requestTimeoutSeconds: 1);
    }

    public ValueTask DisposeAsync()
    {
        _harness.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("RateLimit", 429)]
    [InlineData("Ban", 418)]
    public async Task AnyCall_RateLimitedOrBanned_StopsCallingUntilRetryAfter(string fault, int status)
    {
        await fixture.Simulator.ArmAsync(fault, retryAfterSeconds: 2);

        var first = await Assert.ThrowsAsync<BinanceApiException>(() => Client.GetAveragePriceAsync("BTCUSDT", Ct));
        var second = await Assert.ThrowsAsync<BinanceApiException>(() => Client.PingAsync(Ct));

        Assert.Equal((status, -1003, ExecutionStatus.Rejected), (first.HttpStatus, first.Code, first.Execution));
        Assert.Equal(TimeSpan.FromSeconds(2), first.RetryAfter);
        Assert.Equal(0, second.HttpStatus); // not sent at all
        Assert.NotNull(Client.BlockedUntil);
        await Task.Delay(TimeSpan.FromSeconds(2.2), Ct);
        await Client.PingAsync(Ct);
    }

    [Fact]
    public async Task PlaceOrder_5xxAfterPlacing_UnknownThenFoundByClientIdAndPlacedOnce()
    {
        var clientId = NewId();
        await fixture.Simulator.ArmAsync("ServerErrorAfterPlace", status: 503);

        var ex = await Assert.ThrowsAsync<BinanceApiException>(() => PlaceMarketBuyAsync(clientId));
        var found = await Client.QueryOrderAsync("ETHUSDT", clientId, Ct);

        Assert.Equal((503, ExecutionStatus.Unknown), (ex.HttpStatus, ex.Execution));
        Assert.Equal(OrderStatus.Filled, found.Status);
        Assert.Equal(1, await OrdersWithAsync(clientId));
    }

    [Fact]
    public async Task PlaceOrder_5xxWithoutPlacing_UnknownThenNotFound()
    {
        var clientId = NewId();
        await fixture.Simulator.ArmAsync("ServerErrorBeforePlace", status: 500);

        var ex = await Assert.ThrowsAsync<BinanceApiException>(() => PlaceMarketBuyAsync(clientId));
        var query = await Assert.ThrowsAsync<BinanceApiException>(() => Client.QueryOrderAsync("ETHUSDT", clientId, Ct));

        Assert.Equal((500, ExecutionStatus.Unknown), (ex.HttpStatus, ex.Execution));
        Assert.True(query.IsOrderNotFound);
        Assert.Equal(0, await OrdersWithAsync(clientId));
    }

    [Fact]
    public async Task PlaceOrder_OrderNotFoundRightAfterPlacing_NotFoundFirstThenFound()
    {
        var clientId = NewId();
        await fixture.Simulator.ArmAsync("OrderNotFound", durationMs: 1500);

        await PlaceMarketBuyAsync(clientId);
        var early = await Assert.ThrowsAsync<BinanceApiException>(() => Client.QueryOrderAsync("ETHUSDT", clientId, Ct));
        await Task.Delay(TimeSpan.FromSeconds(1.7), Ct);
        var later = await Client.QueryOrderAsync("ETHUSDT", clientId, Ct);

        Assert.True(early.IsOrderNotFound);
        Assert.Equal(OrderStatus.Filled, later.Status);
    }

    [Fact]
    public async Task PlaceOrder_Minus1021Once_ResyncsResignsAndPlacesExactlyOnce()
    {
        var clientId = NewId();
        await Client.GetServerTimeAsync(Ct);
        await fixture.Simulator.ArmAsync("InvalidTimestamp");

        var placed = await PlaceMarketBuyAsync(clientId);

        Assert.Equal(OrderStatus.Filled, placed.Status);
        Assert.Equal(1, await OrdersWithAsync(clientId));
    }

    [Fact]
    public async Task SignedCall_ServerClockMovedAhead_Minus1021ThenResyncedOffset()
    {
        await Client.GetServerTimeAsync(Ct);
        using (await fixture.Simulator.Admin.PostAsJsonAsync("admin/clock", new { serverSkewMs = 10_000 }, Ct))
        {
            var account = await Client.GetAccountAsync(Ct);

            Assert.True(account.CanTrade);
            Assert.InRange(Client.ServerTimeOffset.TotalSeconds, 8, 12);
        }

        using (await fixture.Simulator.Admin.PostAsJsonAsync("admin/clock", new { serverSkewMs = 0 }, Ct))
        {
        }
    }

    [Fact]
    public async Task SignedCall_WrongSecretOrWrongKey_ToldApartAndBothAreKeysRefused()
    {
        using var wrongSecret = ClientHarness.Create(fixture.Simulator, apiSecret: "not-the-secret");
        using var wrongKey = ClientHarness.Create(fixture.Simulator, apiKey: "not-the-key");

        var signature = await Assert.ThrowsAsync<BinanceApiException>(() => wrongSecret.Client.GetAccountAsync(Ct));
        var key = await Assert.ThrowsAsync<BinanceApiException>(() => wrongKey.Client.GetAccountAsync(Ct));

        Assert.Equal((400, -1022, true), (signature.HttpStatus, signature.Code, signature.IsKeyRefused));
        Assert.Equal((401, -2015, true), (key.HttpStatus, key.Code, key.IsKeyRefused));
        Assert.Contains("-1022", wrongSecret.Client.KeysRefused!.Message, StringComparison.Ordinal);
        Assert.Contains("-2015", wrongKey.Client.KeysRefused!.Message, StringComparison.Ordinal);

        // An unsigned call does not clear it; the next accepted signed call does.
        await wrongSecret.Client.PingAsync(Ct);
        Assert.NotNull(wrongSecret.Client.KeysRefused);
        using var right = ClientHarness.Create(fixture.Simulator);
        await right.Client.GetAccountAsync(Ct);
        Assert.Null(right.Client.KeysRefused);
    }

    [Fact]
    public async Task SafeGet_FirstAttemptTimesOut_RetriedAndAnswers()
    {
        await fixture.Simulator.ArmAsync("Latency", latencyMs: 1500);

        var average = await Client.GetAveragePriceAsync("BTCUSDT", Ct);

        Assert.True(average.Price > 0);
    }

    [Fact]
    public async Task PlaceOrder_AttemptTimesOut_UnknownAndNeverResent()
    {
        var clientId = NewId();
        await Client.GetServerTimeAsync(Ct); // so the latency hits the POST, not the clock sync before it
        await fixture.Simulator.ArmAsync("Latency", latencyMs: 1500);

        var ex = await Assert.ThrowsAsync<BinanceApiException>(() => PlaceMarketBuyAsync(clientId));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // the simulator finishes the request the client gave up on

        Assert.Equal((0, ExecutionStatus.Unknown), (ex.HttpStatus, ex.Execution));
        Assert.Equal(1, await OrdersWithAsync(clientId));
        Assert.Equal(OrderStatus.Filled, (await Client.QueryOrderAsync("ETHUSDT", clientId, Ct)).Status);
    }

    [Theory]
    [InlineData("RateLimit", 1, ExchangeFailure.Outage)] // 429: the connection is throttled
    [InlineData("Ban", 1, ExchangeFailure.Outage)] // 418
    [InlineData("InvalidTimestamp", 2, ExchangeFailure.Outage)] // -1021 again after the one resync: the clocks disagree
    [InlineData("ServerErrorBeforePlace", 1, ExchangeFailure.Outage)] // 5xx: unknown
    [InlineData(null, 0, ExchangeFailure.Refused)] // -2010 insufficient balance: this order is refused, the exchange is fine
    public async Task ExchangePort_PlacementFault_ClassifiedForTheBreaker(string? fault, int count, ExchangeFailure expected)
    {
        var clientId = NewId();
        await Client.GetServerTimeAsync(Ct);
        if (fault is not null)
        {
            await fixture.Simulator.ArmAsync(fault, count, retryAfterSeconds: 1, request: "POST /api/v3/order");
        }

        var quantity = fault is null ? 1_000m : 0.01m;
        var ex = await Assert.ThrowsAsync<ExchangeException>(() => _harness.Exchange.PlaceMarketOrderAsync("ETHUSDT", OrderSide.Buy, quantity, clientId, Ct));

        Assert.Equal(expected, ex.Failure);
        Assert.Equal(0, await OrdersWithAsync(clientId));
        if (fault is "RateLimit" or "Ban")
        {
            // Until Retry-After has passed nothing is sent, and that is not another outage.
            var backingOff = await Assert.ThrowsAsync<ExchangeException>(() => _harness.Exchange.GetPriceAsync("ETHUSDT", Ct));
            Assert.Equal(ExchangeFailure.BackingOff, backingOff.Failure);
            await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        }
    }

    private Task<PlacedOrder> PlaceMarketBuyAsync(string clientId) =>
        Client.PlaceOrderAsync(new OrderRequest("ETHUSDT", OrderSide.Buy, OrderType.Market, clientId, Quantity: 0.01m), Ct);

    private async Task<int> OrdersWithAsync(string clientId) => (await fixture.Simulator.OrdersAsync()).Count(o => o.ClientOrderId == clientId);

    private static string NewId() => "f" + Guid.NewGuid().ToString("N")[..20];
}
