using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>Paper mode: public market data from the exchange, no keys, fills simulated without an order reaching the exchange.</summary>
public sealed class PaperExchangeTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task PaperMode_NoKeys_FillsAtTheLastPriceAndNothingReachesTheExchange()
    {
        var ct = TestContext.Current.CancellationToken;
        using var harness = ClientHarness.Create(fixture.Simulator, apiKey: string.Empty, apiSecret: string.Empty, mode: "Paper");
        var exchange = harness.Exchange;

        var price = await exchange.GetPriceAsync("ETHUSDT", ct);
        var closes = await exchange.GetClosedCandlesAsync("ETHUSDT", "1m", 10, ct);
        var filled = await exchange.PlaceMarketOrderAsync("ETHUSDT", OrderSide.Buy, 0.01m, "paper-1-e", ct);
        var found = await exchange.FindOrderAsync("ETHUSDT", "paper-1-e", ct);
        var missing = await exchange.FindOrderAsync("ETHUSDT", "paper-2-e", ct);

        Assert.Equal("PaperExchange", exchange.GetType().Name);
        Assert.Equal(10, closes.Count);
        Assert.Equal(OrderProgress.Filled, filled.Progress);
        Assert.InRange(filled.QuoteQuantity / filled.ExecutedQuantity, price * 0.99m, price * 1.01m);
        Assert.Equal(new Fill(filled.QuoteQuantity / filled.ExecutedQuantity, 0.01m, 0.00001m, "ETH"), Assert.Single(filled.Fills));
        Assert.Equal(filled, found);
        Assert.Null(missing);
        Assert.Equal(10_000m, await exchange.GetFreeBalanceAsync("USDT", ct));
        Assert.DoesNotContain(await fixture.Simulator.OrdersAsync(), o => o.ClientOrderId.StartsWith("paper-", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ExchangeException>(() => exchange.PlaceMarketOrderAsync("ETHUSDT", OrderSide.Buy, 0.01m, "paper-1-e", ct));
    }
}
