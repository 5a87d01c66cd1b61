using System.Globalization;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>PRICE_FILTER: limit price within [min, max] and a multiple of the tick; each part disabled at 0.</summary>
public sealed record PriceFilter(decimal MinPrice, decimal MaxPrice, decimal TickSize) : IOrderFilter
{
    public string Name => "PRICE_FILTER";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Price is not { } price)
        {
            return FilterResult.Pass(order);
        }

        // Round to the passive side: a BUY never pays more, a SELL never asks less.
        var rounded = order.Side == OrderSide.Buy ? DecimalSteps.Down(price, TickSize) : DecimalSteps.Up(price, TickSize);
        if (rounded <= 0 || (MinPrice > 0 && rounded < MinPrice))
        {
            return FilterResult.Reject(Name, Invariant($"price {price} rounds to {rounded}, below minPrice {MinPrice}."));
        }

        if (MaxPrice > 0 && rounded > MaxPrice)
        {
            return FilterResult.Reject(Name, Invariant($"price {price} rounds to {rounded}, above maxPrice {MaxPrice}."));
        }

        return FilterResult.Pass(order with { Price = rounded });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
