using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Core.Reconciliation;

public enum CorrectionKind
{
    /// <summary>Reduce or close positions by a shortfall sold outside the bot, at the outside trades' price and time.</summary>
    CloseSoldOutside,

    /// <summary>Reduce positions by a shortfall with no outside trade to explain it; the cost is written off.</summary>
    WriteOffShortfall,

    /// <summary>Open a position from a bot-prefixed BUY the ledger never booked, from its fills.</summary>
    AdoptOrder,

    /// <summary>No automatic change: approving records that a person looked and accepts the difference.</summary>
    Acknowledge,
}

/// <summary>How much of a position a shortfall correction takes.</summary>
public sealed record Allocation(long Position, decimal Quantity);

/// <summary>
/// What approving a proposal does, with every number fixed when it was proposed (an approval applies exactly
/// what the person read). Price and fee are per unit of base for a shortfall sold outside; for an adopted order,
/// the order's executed quantity, quote, commission in base and commission valued in quote.
/// </summary>
public sealed record Correction(CorrectionKind Kind, string Description)
{
    public IReadOnlyList<Allocation> Allocations { get; init; } = [];

    public decimal Price { get; init; }

    public decimal FeeInQuote { get; init; }

    public DateTimeOffset? At { get; init; }

    public string? ClientOrderId { get; init; }

    public decimal ExecutedQuantity { get; init; }

    public decimal QuoteQuantity { get; init; }

    public decimal CommissionInBase { get; init; }

    /// <summary>An adopted order's commissions by asset (<see cref="Booking.FeeList"/>), booked with it.</summary>
    public string? Fees { get; init; }
}

public enum ProposalStatus
{
    Pending,
    Approved,
    Rejected,

    /// <summary>A later run no longer found the difference; nothing was applied.</summary>
    Superseded,
}

/// <summary>
/// A proposed correction stored in the ledger. Its id derives from the difference's key, so a re-run that finds the
/// same difference finds the same proposal instead of adding one. Nothing changes a position until a person approves it.
/// </summary>
public sealed record Proposal(
    string Id, string DifferenceKey, DifferenceKind Kind, string Symbol, string Message, decimal? ValueInQuote, Correction Correction, DateTimeOffset ProposedAt)
{
    public ProposalStatus Status { get; init; } = ProposalStatus.Pending;

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecisionReason { get; init; }

    public static string IdOf(string differenceKey) =>
        "rc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(differenceKey)))[..12];

    /// <summary>Whether <paramref name="text"/> has the shape <see cref="IdOf"/> gives: <c>rc-</c> and 12 lowercase hex digits.</summary>
    public static bool IsId(string? text) =>
        text is { Length: 15 } && text.StartsWith("rc-", StringComparison.Ordinal) && text[3..].All(char.IsAsciiHexDigitLower);
}
