namespace FunctionsBot.Binance.Market;

/// <summary><c>GET /api/v3/avgPrice</c>: the price MARKET notional and percent-price filters use.</summary>
public sealed record AveragePrice(int Mins, decimal Price, long CloseTime);
