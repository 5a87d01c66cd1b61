namespace FunctionsBot.Simulator.Trading;

internal sealed record SimTrade(
    long Id, string Symbol, long OrderId, decimal Price, decimal Qty, decimal QuoteQty, decimal Commission, string CommissionAsset, long Time, bool IsBuyer, bool IsMaker)
{
    /// <summary>When on the market clock the trade happened (the path's time; <see cref="Time"/> is the exchange's real clock).</summary>
    public long MarketTime { get; init; }
}
