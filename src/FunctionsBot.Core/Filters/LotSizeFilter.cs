namespace FunctionsBot.Core.Filters;

/// <summary>LOT_SIZE: quantity within [min, max] and a multiple of the step. Checked for every order type.</summary>
public sealed record LotSizeFilter(decimal MinQty, decimal MaxQty, decimal StepSize) : IOrderFilter
{
    public string Name => "LOT_SIZE";

    public FilterResult Apply(ShapedOrder order, ShapingContext context) => LotSizeRule.Apply(Name, order, MinQty, MaxQty, StepSize);
}
