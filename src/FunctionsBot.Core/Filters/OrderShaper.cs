using System.Globalization;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>
/// Turns a desired order into one the exchange accepts, or a typed rejection naming the filter and
/// the numbers. Quantities only go down (never above what was asked or what the balance allows);
/// limit prices move to the passive side of the tick. Filters are applied until the order stops
/// changing, so the result passes every filter as it stands.
/// </summary>
public static class OrderShaper
{
    private const int MaxPasses = 4;

    /// <param name="rules">The symbol's rules from exchangeInfo.</param>
    /// <param name="desired">The order as the strategy wants it.</param>
    /// <param name="maxQuantity">The most the balance allows, in base units.</param>
    /// <param name="context">Average price and open orders.</param>
    public static ShapeResult Shape(SymbolRules rules, ShapedOrder desired, decimal maxQuantity, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(desired);
        if (!rules.IsTrading)
        {
            return ShapeResult.Rejected(new OrderRejection("SYMBOL_STATUS", $"{rules.Symbol} is {rules.Status}, not TRADING."));
        }

        if ((desired.Type == OrderType.Limit) != desired.Price.HasValue)
        {
            throw new ArgumentException("A LIMIT order needs a price and a MARKET order must not have one.", nameof(desired));
        }

        var order = desired with { Quantity = Math.Min(desired.Quantity, maxQuantity) };
        if (order.Quantity <= 0)
        {
            return ShapeResult.Rejected(new OrderRejection(
                "BALANCE", string.Create(CultureInfo.InvariantCulture, $"the balance allows {maxQuantity} of {rules.BaseAsset}; {desired.Quantity} was asked.")));
        }

        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var before = order;
            foreach (var filter in rules.Filters)
            {
                var result = filter.Apply(order, context);
                if (result.Rejection is { } rejection)
                {
                    return ShapeResult.Rejected(rejection);
                }

                order = result.Order!;
            }

            if (order == before)
            {
                return ShapeResult.Accepted(order with { Quantity = DecimalSteps.Normalize(order.Quantity), Price = order.Price is { } p ? DecimalSteps.Normalize(p) : null });
            }
        }

        return ShapeResult.Rejected(new OrderRejection("SHAPING", $"the filters of {rules.Symbol} did not settle on one order after {MaxPasses} passes."));
    }
}
