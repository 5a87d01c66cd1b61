namespace FunctionsBot.Core.Ledger;

public enum PositionStatus
{
    /// <summary>Entry intent written; the entry order may or may not exist at the exchange yet.</summary>
    Pending,

    /// <summary>Entry filled; the bot holds the base asset.</summary>
    Open,

    /// <summary>Exit intent written; the exit order may or may not exist yet.</summary>
    Closing,

    /// <summary>Nothing held any more; realized PnL booked (or the dust was absorbed by a later position).</summary>
    Closed,

    /// <summary>The entry order definitely does not exist; the reservation was released.</summary>
    Failed,

    /// <summary>
    /// The exits left a remainder below what the symbol lets you sell (LOT_SIZE / notional minimums): kept in
    /// the ledger with its cost written off, not an open position; a later entry in the asset absorbs it.
    /// </summary>
    Dust,
}
