using System.Globalization;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>
/// Shapes a position's protective SELL OCO to the symbol's rules: the take-profit rounded up and the stop and its
/// limit rounded down to the tick (never a worse exit than asked), the quantity to what both legs pass (LOT_SIZE,
/// NOTIONAL, PERCENT_PRICE_BY_SIDE, MAX_NUM_ORDERS), the symbol's <c>ocoAllowed</c> and MAX_NUM_ALGO_ORDERS, and
/// Binance's price relationship for a SELL list: take-profit &gt; last price &gt; stop.
/// </summary>
public static class ProtectionShaper
{
    /// <param name="rules">The symbol's rules.</param>
    /// <param name="quantity">Base held by the position.</param>
    /// <param name="stop">The position's stop-loss price.</param>
    /// <param name="takeProfit">The position's take-profit price.</param>
    /// <param name="stopLimitOffsetPercent">How far below the stop the stop leg's limit sits.</param>
    /// <param name="lastPrice">The last traded price.</param>
    /// <param name="context">The average price and the symbol's open orders.</param>
    /// <param name="openStopOrders">The bot's lists already open on the symbol, one stop order each (MAX_NUM_ALGO_ORDERS, MAX_NUM_ORDER_LISTS).</param>
    public static ProtectionShape Shape(
        SymbolRules rules, decimal quantity, decimal stop, decimal takeProfit, decimal stopLimitOffsetPercent, decimal lastPrice, ShapingContext context, int openStopOrders)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(context);
        if (!rules.OcoAllowed)
        {
            return ProtectionShape.Refused($"{rules.Symbol} does not take OCO order lists (exchangeInfo ocoAllowed is false).");
        }

        if (rules.MaxNumAlgoOrders is { } maxAlgo && openStopOrders + 1 > maxAlgo)
        {
            return ProtectionShape.Refused(Invariant($"MAX_NUM_ALGO_ORDERS: {openStopOrders} stop orders are open on {rules.Symbol}, the symbol allows {maxAlgo}."));
        }

        if (rules.MaxNumOrderLists is { } maxLists && openStopOrders + 1 > maxLists)
        {
            return ProtectionShape.Refused(Invariant($"MAX_NUM_ORDER_LISTS: {openStopOrders} order lists are open on {rules.Symbol}, the symbol allows {maxLists}."));
        }

        var tick = rules.Filter<PriceFilter>()?.TickSize ?? 0m;
        var takeProfitPrice = DecimalSteps.Normalize(DecimalSteps.Up(takeProfit, tick));
        var stopPrice = DecimalSteps.Normalize(DecimalSteps.Down(stop, tick));
        var stopLimitPrice = DecimalSteps.Normalize(DecimalSteps.Down(stop * (1 - (stopLimitOffsetPercent / 100m)), tick));
        if (stopLimitPrice <= 0)
        {
            return ProtectionShape.Refused(Invariant($"the stop's limit {stop * (1 - (stopLimitOffsetPercent / 100m))} rounds to {stopLimitPrice} on tick {tick}."));
        }

        if (!(takeProfitPrice > lastPrice && lastPrice > stopPrice))
        {
            return ProtectionShape.Refused(Invariant($"the last price {lastPrice} is not between the stop {stopPrice} and the take-profit {takeProfitPrice}; the bot-side check exits it."));
        }

        var legs = context with { OpenOrders = context.OpenOrders + 1 };
        var shapedQuantity = quantity;
        foreach (var price in new[] { takeProfitPrice, stopLimitPrice })
        {
            var shaped = OrderShaper.Shape(rules, new ShapedOrder(rules.Symbol, OrderSide.Sell, OrderType.Limit, shapedQuantity, price), shapedQuantity, legs);
            if (shaped.Order is not { } order)
            {
                return ProtectionShape.Refused($"a leg at {price.ToString(CultureInfo.InvariantCulture)} fails {shaped.Rejection}");
            }

            if (order.Price != price)
            {
                return ProtectionShape.Refused(Invariant($"a leg's price {price} would have to move to {order.Price} to pass the filters."));
            }

            shapedQuantity = order.Quantity;
        }

        return new ProtectionShape(shapedQuantity, stopPrice, stopLimitPrice, takeProfitPrice, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A protective list's shaped numbers, or why none can be placed.</summary>
public sealed record ProtectionShape(decimal Quantity, decimal StopPrice, decimal StopLimitPrice, decimal TakeProfitPrice, string? Problem)
{
    public static ProtectionShape Refused(string problem) => new(0, 0, 0, 0, problem);
}
