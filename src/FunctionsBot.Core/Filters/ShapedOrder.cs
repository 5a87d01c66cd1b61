using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Filters;

/// <summary>An order as it stands while being shaped; <see cref="Price"/> is null for MARKET.</summary>
public sealed record ShapedOrder(string Symbol, OrderSide Side, OrderType Type, decimal Quantity, decimal? Price);
