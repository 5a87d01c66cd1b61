using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// An entry booked: the position (open; dust when too little filled to sell again; failed when nothing filled),
/// the dust rows it absorbed (now closed),
/// the commissions, and the audit text and numbers.
/// </summary>
public sealed record EntryBooking(Position Position, IReadOnlyList<Position> Absorbed, Commissions Fees, string Message, IReadOnlyDictionary<string, string> Data)
{
    public bool Filled => Position.Status != PositionStatus.Failed;

    /// <summary>Cost written off because the fill is too small to sell again.</summary>
    public decimal WrittenOff => Position.DustWrittenOff;
}
