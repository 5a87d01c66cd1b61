namespace FunctionsBot.Core.Reconciliation;

public enum DifferenceKind
{
    /// <summary>An order with the bot's client id prefix that the ledger never booked.</summary>
    UnknownBotOrder,

    /// <summary>A booked order whose executed quantity or quote differs from the exchange's.</summary>
    ExecutionDiffers,

    /// <summary>A booked order whose commissions differ from its trades at the exchange.</summary>
    FeesDiffer,

    /// <summary>An order the ledger booked with a fill that the exchange does not know.</summary>
    MissingAtExchange,

    /// <summary>The account holds less of an asset than the ledger's positions and dust.</summary>
    AssetShortfall,

    /// <summary>The quote balance is below what pending intents reserved.</summary>
    QuoteShortfall,

    /// <summary>An open order with the bot's prefix that no intent of the ledger expects.</summary>
    UnexpectedOpenOrder,

    /// <summary>An open order list (OCO) with the bot's prefix that the ledger does not expect.</summary>
    UnexpectedOrderList,

    /// <summary>Not compared: an intent's outcome is still being resolved by the trade cycle.</summary>
    InFlight,
}

/// <summary>
/// One difference between the ledger and the exchange: what, where, its value in the quote asset (null when it
/// cannot be valued, which counts as above tolerance), the numbers, and the correction it suggests.
/// </summary>
public sealed record Difference(
    string Key,
    DifferenceKind Kind,
    string Symbol,
    string Message,
    decimal? ValueInQuote,
    IReadOnlyDictionary<string, string> Numbers,
    Correction? Correction)
{
    public bool IsAbove(decimal tolerance) => ValueInQuote is not { } value || value > tolerance;
}
