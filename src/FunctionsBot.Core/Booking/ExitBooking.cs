using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// An exit booked: the position afterwards (closed, still open with the rest, dust, or back to open when
/// nothing sold), the base sold, realized PnL on that part, the cost written off as dust, the commissions,
/// and the audit text and numbers.
/// </summary>
public sealed record ExitBooking(
    Position Position, decimal Sold, decimal RealizedPnl, decimal WrittenOff, Commissions Fees, string Message, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>What this booking adds to the day's realized result (losses count toward the daily limit).</summary>
    public decimal DayResult => RealizedPnl - WrittenOff;
}
