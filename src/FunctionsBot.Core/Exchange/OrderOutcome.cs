namespace FunctionsBot.Core.Exchange;

/// <summary>
/// An order as the exchange reports it: whether it is still working, filled, or ended without a fill,
/// what executed and the commission per asset.
/// </summary>
public sealed record OrderOutcome(
    string ClientOrderId,
    OrderProgress Progress,
    decimal ExecutedQuantity,
    decimal QuoteQuantity,
    decimal CommissionInBase,
    decimal CommissionInQuote);

public enum OrderProgress
{
    /// <summary>Still working (NEW or PARTIALLY_FILLED).</summary>
    Working,

    /// <summary>Done with fills (FILLED, or ended after a partial fill).</summary>
    Filled,

    /// <summary>Ended with nothing executed (canceled, rejected, expired).</summary>
    Ended,
}
