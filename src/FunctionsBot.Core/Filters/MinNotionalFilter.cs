using System.Globalization;

namespace FunctionsBot.Core.Filters;

/// <summary>MIN_NOTIONAL: price × quantity at least the minimum; for MARKET only when applyToMarket, at the average price.</summary>
public sealed record MinNotionalFilter(decimal MinNotional, bool ApplyToMarket, int AvgPriceMins) : IOrderFilter
{
    public string Name => "MIN_NOTIONAL";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        if (order.Price is null && !ApplyToMarket)
        {
            return FilterResult.Pass(order);
        }

        var price = order.Price ?? context.ReferencePrice;
        var notional = price * order.Quantity;
        return notional < MinNotional
            ? FilterResult.Reject(Name, string.Create(CultureInfo.InvariantCulture, $"notional {notional} ({order.Quantity} × {price}) is below minNotional {MinNotional}; trade at least {MinNotional} in notional."))
            : FilterResult.Pass(order);
    }
}
