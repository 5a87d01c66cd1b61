using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// A commission paid in a third asset (BNB) comes out of the account's free balance of that asset. When the ledger holds
/// that asset as positions (a BNBUSDT position, or its dust) not locked in a working list, the exchange took it from
/// them: each gives up base, oldest first, as if sold at the price the commission was valued at (its cost pro rata
/// leaves, the difference is realized). What the positions do not cover came from BNB the bot does not hold.
/// Then: base held in the asset = the account's change of it + the commissions drawn from outside the ledger.
/// </summary>
public static class FeeDraw
{
    /// <param name="fee">The commission, valued in quote at booking time.</param>
    /// <param name="holders">Every position of the ledger; those holding <see cref="FeeValuation.Asset"/> free are drawn from.</param>
    /// <param name="quoteAsset">The quote asset the positions are traded in.</param>
    /// <param name="now">Booking time.</param>
    public static FeeDrawn Apply(FeeValuation fee, IEnumerable<Position> holders, string quoteAsset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fee);
        ArgumentNullException.ThrowIfNull(holders);
        var left = fee.Amount;
        var changed = new List<Position>();
        foreach (var holder in holders.Where(p => p.Symbol == fee.Asset + quoteAsset && HoldsFree(p)).OrderBy(p => p.Sequence))
        {
            if (left <= 0)
            {
                break;
            }

            var drawn = Math.Min(left, holder.Quantity);
            left -= drawn;
            var costLeaving = holder.Quantity == 0 ? 0 : holder.HeldCost * drawn / holder.Quantity;
            var rest = holder.Quantity - drawn;
            changed.Add(holder with
            {
                Quantity = rest,
                HeldCost = holder.HeldCost - costLeaving,
                RealizedPnl = (holder.RealizedPnl ?? 0) + (drawn * fee.Price) - costLeaving,
                FeesDrawn = holder.FeesDrawn + drawn,
                Status = rest > 0 ? holder.Status : PositionStatus.Closed,
                ClosedAt = rest > 0 ? holder.ClosedAt : holder.ClosedAt ?? now,
            });
        }

        return new FeeDrawn(fee.Asset, fee.Amount - left, changed);
    }

    /// <summary>Base the exchange may take a commission from: open and not locked in a list that may be working, or dust.</summary>
    private static bool HoldsFree(Position p) =>
        p.Quantity > 0 && (p.Status == PositionStatus.Dust || (p.Status == PositionStatus.Open && p.Protection is not { MayBeWorking: true }));
}

/// <summary>How much of a commission the ledger's own positions paid, and those positions afterwards.</summary>
public sealed record FeeDrawn(string Asset, decimal Drawn, IReadOnlyList<Position> Positions);
