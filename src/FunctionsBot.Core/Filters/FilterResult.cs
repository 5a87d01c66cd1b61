namespace FunctionsBot.Core.Filters;

/// <summary>The order after one filter, or the rejection that stops shaping.</summary>
public readonly record struct FilterResult(ShapedOrder? Order, OrderRejection? Rejection)
{
    public static FilterResult Pass(ShapedOrder order) => new(order, null);

    public static FilterResult Reject(string filter, string message) => new(null, new OrderRejection(filter, message));
}
