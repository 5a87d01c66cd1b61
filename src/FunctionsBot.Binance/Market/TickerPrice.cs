namespace FunctionsBot.Binance.Market;

public sealed record TickerPrice(string Symbol, decimal Price);
