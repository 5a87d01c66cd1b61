namespace FunctionsBot.Core.Exchange;

/// <summary>
/// An order as the exchange reports it: whether it is still working, done with fills, or ended without a
/// fill; the executed base and quote totals; and each fill with its commission and commission asset.
/// A MARKET order that ran out of liquidity is done (<see cref="OrderProgress.Filled"/>) with less executed
/// than asked, or ended (<see cref="OrderProgress.Ended"/>) with nothing.
/// </summary>
public sealed record OrderOutcome(
    string ClientOrderId,
    OrderProgress Progress,
    decimal ExecutedQuantity,
    decimal QuoteQuantity,
    IReadOnlyList<Fill> Fills)
{
    /// <summary>
    /// The order rests on the book (Binance's <c>isWorking</c>). A stop leg that has not triggered is working
    /// (<see cref="OrderProgress.Working"/>) but not on the book; once triggered, it is.
    /// </summary>
    public bool OnBook { get; init; } = true;

    /// <summary>The order list the order belongs to (an OPOCO's working order), null when none.</summary>
    public long? OrderListId { get; init; }

    /// <summary>Commission per asset, summed over the fills.</summary>
    public IReadOnlyDictionary<string, decimal> CommissionByAsset =>
        Fills.GroupBy(f => f.CommissionAsset, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.Commission), StringComparer.Ordinal);
}

public enum OrderProgress
{
    /// <summary>Still working (NEW or PARTIALLY_FILLED).</summary>
    Working,

    /// <summary>Done with fills (FILLED, or ended after a partial fill, e.g. a MARKET order EXPIRED for lack of liquidity).</summary>
    Filled,

    /// <summary>Ended with nothing executed (canceled, rejected, expired).</summary>
    Ended,
}
