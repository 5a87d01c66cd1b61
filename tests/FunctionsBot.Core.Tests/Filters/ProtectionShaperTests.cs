using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Core.Tests.Filters;

public sealed class ProtectionShaperTests
{
    private static readonly SymbolRules Rules = new("BTCUSDT", "TRADING", "BTC", "USDT", true,
        [new PriceFilter(0.01m, 1_000_000m, 0.01m), new LotSizeFilter(0.001m, 10_000m, 0.001m), new NotionalFilter(5m, true, 1_000_000m, false, 5)])
    {
        OcoAllowed = true,
        MaxNumAlgoOrders = 5,
    };

    [Fact]
    public void Shape_TakeProfitUpStopAndLimitDownToTheTick_QuantityDownToTheStep()
    {
        var shape = Shape(Rules, quantity: 0.1998m, last: 100m);

        Assert.Equal(new ProtectionShape(0.199m, 98.00m, 97.51m, 103.01m, null), shape);
    }

    [Theory]
    [InlineData(false, 0, 100, 0.1998, "ocoAllowed")]
    [InlineData(true, 5, 100, 0.1998, "MAX_NUM_ALGO_ORDERS")]
    [InlineData(true, 0, 97.9, 0.1998, "not between")]
    [InlineData(true, 0, 103.5, 0.1998, "not between")]
    [InlineData(true, 0, 100, 0.05, "NOTIONAL")]
    public void Shape_WhatTheExchangeWouldRefuse_IsAProblemNamingTheRule(bool ocoAllowed, int openStops, double last, double quantity, string named)
    {
        var shape = Shape(Rules with { OcoAllowed = ocoAllowed }, (decimal)quantity, (decimal)last, openStops);

        Assert.Contains(named, shape.Problem, StringComparison.Ordinal);
        Assert.Equal(0m, shape.Quantity);
    }

    [Fact]
    public void Shape_TwentyListsOpenOnTheSymbol_MaxNumOrderListsRefusesTheNext_NineteenLeaveRoom()
    {
        var rules = Rules with { MaxNumAlgoOrders = null, MaxNumOrderLists = 20 };

        Assert.Contains("MAX_NUM_ORDER_LISTS: 20 order lists are open on BTCUSDT, the symbol allows 20.", Shape(rules, 0.1998m, 100m, openStops: 20).Problem, StringComparison.Ordinal);
        Assert.Null(Shape(rules, 0.1998m, 100m, openStops: 19).Problem);
    }

    private static ProtectionShape Shape(SymbolRules rules, decimal quantity, decimal last, int openStops = 0) =>
        ProtectionShaper.Shape(rules, quantity, stop: 98.0049m, takeProfit: 103.0001m, stopLimitOffsetPercent: 0.5m, last, new ShapingContext(100m, 0), openStops);
}
