namespace FunctionsBot.Core.Filters;

/// <summary>
/// What the filters need besides the order: the price MARKET notional and percent-price checks use
/// (the exchange's average price), and how many orders are open on the symbol.
/// </summary>
public sealed record ShapingContext(decimal ReferencePrice, int OpenOrders);
