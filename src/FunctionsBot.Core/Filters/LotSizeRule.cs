using System.Globalization;

namespace FunctionsBot.Core.Filters;

/// <summary>The quantity rule LOT_SIZE and MARKET_LOT_SIZE share: clamp to max, round down to the step, check min.</summary>
internal static class LotSizeRule
{
    public static FilterResult Apply(string name, ShapedOrder order, decimal minQty, decimal maxQty, decimal stepSize)
    {
        var clamped = maxQty > 0 ? Math.Min(order.Quantity, maxQty) : order.Quantity;
        var rounded = DecimalSteps.Down(clamped, stepSize);
        if (rounded <= 0 || rounded < minQty)
        {
            return FilterResult.Reject(
                name,
                string.Create(CultureInfo.InvariantCulture, $"quantity {order.Quantity} rounds down to {rounded} (stepSize {stepSize}), below minQty {minQty}."));
        }

        return FilterResult.Pass(order with { Quantity = rounded });
    }
}
