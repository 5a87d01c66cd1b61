namespace FunctionsBot.Core.Filters;

/// <summary>An order the exchange accepts, or why there is none.</summary>
public sealed record ShapeResult(ShapedOrder? Order, OrderRejection? Rejection)
{
    public bool IsAccepted => Order is not null;

    public static ShapeResult Accepted(ShapedOrder order) => new(order, null);

    public static ShapeResult Rejected(OrderRejection rejection) => new(null, rejection);
}
