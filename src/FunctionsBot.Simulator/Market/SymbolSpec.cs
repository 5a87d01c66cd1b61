namespace FunctionsBot.Simulator.Market;

/// <summary>One simulated symbol: its price level and its filters, with values like Binance's.</summary>
internal sealed record SymbolSpec(
    string Symbol,
    string BaseAsset,
    string QuoteAsset,
    decimal BasePrice,
    double Phase,
    decimal TickSize,
    decimal MinPrice,
    decimal MaxPrice,
    decimal StepSize,
    decimal MinQty,
    decimal MaxQty,
    decimal MarketMaxQty,
    decimal MinNotional,
    decimal MaxNotional,
    int MaxNumOrders,
    decimal? LegacyMinNotional = null)
{
    public const int AssetPrecision = 8;

    public const decimal MultiplierUp = 5m;

    public const decimal MultiplierDown = 0.2m;

    public const int AvgPriceMins = 5;

    public const int MaxNumAlgoOrders = 5;

    /// <summary>MAX_NUM_ORDER_LISTS: open order lists per symbol (20 on Binance since 2025-08-28).</summary>
    public const int MaxNumOrderLists = 20;
}
