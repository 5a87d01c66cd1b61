using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>MARKET_LOT_SIZE: the LOT_SIZE rule for MARKET orders; zero values disable each part.</summary>
public sealed record MarketLotSizeFilter(decimal MinQty, decimal MaxQty, decimal StepSize) : IOrderFilter
{
    public string Name => "MARKET_LOT_SIZE";

    public FilterResult Apply(ShapedOrder order, ShapingContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Type == OrderType.Market ? LotSizeRule.Apply(Name, order, MinQty, MaxQty, StepSize) : FilterResult.Pass(order);
    }
}
