namespace FunctionsBot.Simulator.Trading;

internal sealed record PlaceOrderRequest(
    string Symbol, string Side, string Type, decimal? Quantity, decimal? QuoteOrderQty, decimal? Price, string? TimeInForce, string ClientOrderId);
