namespace FunctionsBot.Core.Filters;

/// <summary>
/// One exchange filter. <see cref="Apply"/> adjusts the order within what the caller allowed
/// (quantities only ever go down; prices move to the passive side of the tick) or rejects it.
/// </summary>
public interface IOrderFilter
{
    /// <summary>The exchange's name for the filter, e.g. <c>LOT_SIZE</c>.</summary>
    string Name { get; }

    /// <summary>Adjusts <paramref name="order"/> to this filter, or returns a rejection.</summary>
    FilterResult Apply(ShapedOrder order, ShapingContext context);
}
