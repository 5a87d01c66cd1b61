namespace FunctionsBot.Binance.Orders;

/// <summary>One of our trades (<c>GET /api/v3/myTrades</c>).</summary>
public sealed record AccountTrade(long Id, long OrderId, decimal Price, decimal Qty, decimal QuoteQty, decimal Commission, string CommissionAsset, long Time, bool IsBuyer, bool IsMaker);
