using System.Globalization;

namespace FunctionsBot.Core.Filters;

/// <summary>
/// NOTIONAL: price × quantity within [min, max]. MARKET orders are measured at the average price,
/// the minimum only when applyMinToMarket, the maximum only when applyMaxToMarket. An order above
/// the maximum is reduced to fit; one below the minimum is rejected.
/// </summary>
public sealed record NotionalFilter(decimal MinNotional, bool ApplyMinToMarket, decimal MaxNotional, bool ApplyMaxToMarket, int AvgPriceMins) : IOrderFilter
{
    public string Name => "NOTIONAL";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        var isMarket = order.Price is null;
        var price = order.Price ?? context.ReferencePrice;
        if (price <= 0)
        {
            return FilterResult.Reject(Name, "no price to measure the notional against (the average price is 0).");
        }

        var quantity = order.Quantity;
        if (MaxNotional > 0 && (!isMarket || ApplyMaxToMarket) && price * quantity > MaxNotional)
        {
            quantity = MaxNotional / price;
        }

        var notional = price * quantity;
        if ((!isMarket || ApplyMinToMarket) && notional < MinNotional)
        {
            return FilterResult.Reject(
                Name,
                string.Create(CultureInfo.InvariantCulture, $"notional {notional} ({quantity} × {price}) is below minNotional {MinNotional}."));
        }

        return FilterResult.Pass(order with { Quantity = quantity });
    }
}
