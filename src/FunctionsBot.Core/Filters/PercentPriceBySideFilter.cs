using System.Globalization;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>PERCENT_PRICE_BY_SIDE: a limit price within the side's multipliers of the average price.</summary>
public sealed record PercentPriceBySideFilter(
    decimal BidMultiplierUp, decimal BidMultiplierDown, decimal AskMultiplierUp, decimal AskMultiplierDown, int AvgPriceMins) : IOrderFilter
{
    public string Name => "PERCENT_PRICE_BY_SIDE";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        if (order.Price is not { } price)
        {
            return FilterResult.Pass(order);
        }

        var (up, down) = order.Side == OrderSide.Buy ? (BidMultiplierUp, BidMultiplierDown) : (AskMultiplierUp, AskMultiplierDown);
        var low = context.ReferencePrice * down;
        var high = context.ReferencePrice * up;
        return price < low || price > high
            ? FilterResult.Reject(
                Name,
                string.Create(CultureInfo.InvariantCulture, $"{order.Side} price {price} is outside [{low}, {high}] ({down}× to {up}× the average price {context.ReferencePrice})."))
            : FilterResult.Pass(order);
    }
}
