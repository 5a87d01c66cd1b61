namespace FunctionsBot.Core.Ledger;

public enum PositionStatus
{
    /// <summary>Entry intent written; the entry order may or may not exist at the exchange yet.</summary>
    Pending,

    /// <summary>Entry filled; the bot holds the base asset.</summary>
    Open,

    /// <summary>Exit intent written; the exit order may or may not exist yet.</summary>
    Closing,

    /// <summary>Exit filled; realized PnL booked.</summary>
    Closed,

    /// <summary>The entry order definitely does not exist; the reservation was released.</summary>
    Failed,
}
