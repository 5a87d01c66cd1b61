using System.Globalization;

namespace FunctionsBot.Core.Filters;

/// <summary>MAX_NUM_ORDERS: a new order is accepted only while fewer than the maximum are open on the symbol.</summary>
public sealed record MaxNumOrdersFilter(int MaxNumOrders) : IOrderFilter
{
    public string Name => "MAX_NUM_ORDERS";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.OpenOrders >= MaxNumOrders
            ? FilterResult.Reject(Name, string.Create(CultureInfo.InvariantCulture, $"{context.OpenOrders} orders are open on {order.Symbol}; the exchange allows {MaxNumOrders}."))
            : FilterResult.Pass(order);
    }
}
