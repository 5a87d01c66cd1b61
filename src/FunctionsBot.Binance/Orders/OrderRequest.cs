using System.Text.RegularExpressions;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Orders;

/// <summary>
/// A new order. <see cref="ClientOrderId"/> is required and must be deterministic per intent, so an
/// order whose outcome is unknown can be found again (letters, digits, '-' and '_', 1–36 characters).
/// </summary>
public sealed partial record OrderRequest(string Symbol, OrderSide Side, OrderType Type, string ClientOrderId, decimal? Quantity = null, decimal? QuoteOrderQty = null, decimal? Price = null)
{
    /// <summary>A LIMIT order's time in force: <c>GTC</c> (default, rests), <c>IOC</c> (takes what it can, the rest expires).</summary>
    public string TimeInForce { get; init; } = "GTC";

    public void Validate()
    {
        ValidateClientOrderId(ClientOrderId);

        if (Type == OrderType.Limit && (Quantity is not > 0 || Price is not > 0))
        {
            throw new ArgumentException("A LIMIT order needs a positive quantity and price.", nameof(Quantity));
        }

        if (Type == OrderType.Market && (Quantity is > 0) == (QuoteOrderQty is > 0))
        {
            throw new ArgumentException("A MARKET order needs exactly one of a positive quantity or quoteOrderQty.", nameof(Quantity));
        }
    }

    /// <exception cref="ArgumentException">The id is not 1–36 characters of letters, digits, '-' and '_' (an order's or an order list's).</exception>
    public static void ValidateClientOrderId(string clientOrderId)
    {
        if (!ClientOrderIdPattern().IsMatch(clientOrderId))
        {
            throw new ArgumentException($"Client order id '{clientOrderId}' must match ^[a-zA-Z0-9-_]{{1,36}}$.", nameof(clientOrderId));
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,36}$")]
    private static partial Regex ClientOrderIdPattern();
}
