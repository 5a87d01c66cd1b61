using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Core.Tests.Filters;

public sealed class OrderShaperTests
{
    /// <summary>BTCUSDT-like rules as Binance publishes them.</summary>
    private static readonly SymbolRules Btc = new("BTCUSDT", "TRADING", "BTC", "USDT", true,
    [
        new PriceFilter(0.01m, 1_000_000m, 0.01m),
        new LotSizeFilter(0.00001m, 9000m, 0.00001m),
        new MarketLotSizeFilter(0m, 100m, 0m),
        new PercentPriceBySideFilter(5m, 0.2m, 5m, 0.2m, 5),
        new NotionalFilter(5m, true, 9_000_000m, false, 5),
        new MaxNumOrdersFilter(200),
    ]);

    private static readonly ShapingContext AtSixtyThousand = new(60_000m, 0);

    [Theory]
    [InlineData("0.0012345", "0.00123")]
    [InlineData("0.00123", "0.00123")]
    [InlineData("0.000109", "0.00010")]
    [InlineData("150", "100")] // MARKET_LOT_SIZE max
    public void Shape_MarketQuantity_RoundsDownToTheStepAndClampsToMax(string desired, string expected)
    {
        var result = OrderShaper.Shape(Btc, Market(decimal.Parse(desired, System.Globalization.CultureInfo.InvariantCulture)), decimal.MaxValue, AtSixtyThousand);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Order!.Quantity);
    }

    [Theory]
    [InlineData(OrderSide.Buy, "60000.019", "60000.01")]
    [InlineData(OrderSide.Sell, "60000.011", "60000.02")]
    [InlineData(OrderSide.Buy, "60000.01", "60000.01")]
    public void Shape_LimitPrice_MovesToThePassiveSideOfTheTick(OrderSide side, string desired, string expected)
    {
        var order = new ShapedOrder("BTCUSDT", side, OrderType.Limit, 0.001m, decimal.Parse(desired, System.Globalization.CultureInfo.InvariantCulture));

        var result = OrderShaper.Shape(Btc, order, decimal.MaxValue, AtSixtyThousand);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Order!.Price);
    }

    [Fact]
    public void Shape_QuantityBelowTheStep_RejectedByLotSizeWithTheNumbers()
    {
        var result = OrderShaper.Shape(Btc, Market(0.000009m), decimal.MaxValue, AtSixtyThousand);

        Assert.Equal("LOT_SIZE", result.Rejection!.Filter);
        Assert.Contains("0.000009", result.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("minQty 0.00001", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_NotionalBelowMinimum_RejectedByNotional()
    {
        var result = OrderShaper.Shape(Btc, Market(0.00008m), decimal.MaxValue, AtSixtyThousand);

        Assert.Equal("NOTIONAL", result.Rejection!.Filter);
        Assert.Contains("below minNotional 5", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_BalanceAllowsLess_NeverAboveTheBalance()
    {
        var result = OrderShaper.Shape(Btc, Market(0.01m), 0.0055555m, AtSixtyThousand);

        Assert.Equal(0.00555m, result.Order!.Quantity);
    }

    [Fact]
    public void Shape_NoBalance_RejectedAsBalance()
    {
        Assert.Equal("BALANCE", OrderShaper.Shape(Btc, Market(0.01m), 0m, AtSixtyThousand).Rejection!.Filter);
    }

    [Theory]
    [InlineData(OrderSide.Buy, "300001")]
    [InlineData(OrderSide.Sell, "11999")]
    public void Shape_LimitFarFromTheAveragePrice_RejectedByPercentPriceBySide(OrderSide side, string price)
    {
        var order = new ShapedOrder("BTCUSDT", side, OrderType.Limit, 0.001m, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("PERCENT_PRICE_BY_SIDE", OrderShaper.Shape(Btc, order, decimal.MaxValue, AtSixtyThousand).Rejection!.Filter);
    }

    [Theory]
    [InlineData(199, true)]
    [InlineData(200, false)]
    public void Shape_OpenOrders_RejectedAtTheMaximum(int open, bool accepted)
    {
        Assert.Equal(accepted, OrderShaper.Shape(Btc, Market(0.001m), decimal.MaxValue, new ShapingContext(60_000m, open)).IsAccepted);
    }

    [Fact]
    public void Shape_LimitAboveMaxNotional_ReducedToFit()
    {
        var rules = Btc with { Filters = [new LotSizeFilter(0.001m, 9000m, 0.001m), new NotionalFilter(5m, true, 1000m, false, 5)] };
        var order = new ShapedOrder("BTCUSDT", OrderSide.Buy, OrderType.Limit, 10m, 300m);

        var result = OrderShaper.Shape(rules, order, decimal.MaxValue, new ShapingContext(300m, 0));

        Assert.Equal(3.333m, result.Order!.Quantity);
    }

    [Fact]
    public void Shape_SymbolNotTrading_Rejected()
    {
        var halted = Btc with { Status = "HALT" };

        Assert.Equal("SYMBOL_STATUS", OrderShaper.Shape(halted, Market(0.001m), decimal.MaxValue, AtSixtyThousand).Rejection!.Filter);
    }

    [Fact]
    public void Shape_MinNotionalAppliesToMarketOnlyWhenAsked()
    {
        var limitOnly = Btc with { Filters = [new MinNotionalFilter(10m, false, 5)] };
        var both = Btc with { Filters = [new MinNotionalFilter(10m, true, 5)] };

        Assert.True(OrderShaper.Shape(limitOnly, Market(0.0001m), decimal.MaxValue, AtSixtyThousand).IsAccepted);
        Assert.Equal("MIN_NOTIONAL", OrderShaper.Shape(both, Market(0.0001m), decimal.MaxValue, AtSixtyThousand).Rejection!.Filter);
    }

    private static ShapedOrder Market(decimal quantity) => new("BTCUSDT", OrderSide.Buy, OrderType.Market, quantity, null);
}
