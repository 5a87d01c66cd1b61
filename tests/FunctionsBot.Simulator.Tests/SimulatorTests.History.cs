namespace FunctionsBot.Simulator.Tests;

/// <summary>The account history reconciliation reads: <c>allOrders</c> and <c>myTrades</c> by time window, as Binance serves them.</summary>
public sealed partial class SimulatorTests
{
    [Fact]
    public async Task AllOrdersAndMyTrades_ByWindow_OldestFirstLimitedAndStampedWithTheExchangesClock()
    {
        var start = RawBinance.Now;
        for (var i = 1; i <= 3; i++)
        {
            var (placed, _, _) = await _raw.SendAsync(HttpMethod.Post, "api/v3/order", $"symbol=XRPUSDT&side=BUY&type=MARKET&quantity=20&newClientOrderId=hist-{i}");
            Assert.Equal(200, placed);
        }

        var end = RawBinance.Now;
        var window = $"symbol=XRPUSDT&startTime={start}&endTime={end}";
        var (status, orders, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/allOrders", window);
        var (_, limited, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/allOrders", window + "&limit=2");
        var (_, trades, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/myTrades", window);
        var (_, before, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/allOrders", $"symbol=XRPUSDT&startTime={start - 3_600_000}&endTime={start - 1}");

        Assert.Equal(200, status);
        Assert.Equal(["hist-1", "hist-2", "hist-3"], orders.EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()));
        Assert.Equal(["hist-1", "hist-2"], limited.EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()));
        Assert.Empty(before.EnumerateArray());

        // The market clock runs ×600 here; order and trade times stay on the exchange's (real) clock.
        Assert.All(orders.EnumerateArray(), o => Assert.InRange(o.GetProperty("time").GetInt64(), start, end));
        Assert.All(trades.EnumerateArray(), t => Assert.InRange(t.GetProperty("time").GetInt64(), start, end));
        var orderIds = orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToHashSet();
        Assert.True(trades.GetArrayLength() >= 3 && trades.EnumerateArray().All(t => orderIds.Contains(t.GetProperty("orderId").GetInt64())));
    }

    [Fact]
    public async Task AllOrdersAndMyTrades_WindowsLongerThanADayOrFromIdWithTimes_AreRefusedAsBinanceDoes()
    {
        var now = RawBinance.Now;
        var (tooLong, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/allOrders", $"symbol=XRPUSDT&startTime={now - 90_000_000}&endTime={now}");
        var (mixed, mixedBody, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/myTrades", $"symbol=XRPUSDT&fromId=1&startTime={now - 1000}");

        Assert.Equal((400, -1127), (tooLong, body.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1128), (mixed, mixedBody.GetProperty("code").GetInt32()));
    }
}
