namespace FunctionsBot.Simulator.Trading;

internal sealed record SimTrade(
    long Id, string Symbol, long OrderId, decimal Price, decimal Qty, decimal QuoteQty, decimal Commission, string CommissionAsset, long Time, bool IsBuyer, bool IsMaker);
