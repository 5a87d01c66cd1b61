namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The account's equity in one UTC hour, as the hour's last cycle marked it, in the quote asset: realized PnL of every
/// day so far (dust written off included), what is held marked at the cycle's prices less its cost, the commissions
/// valued in quote, and the cost written off as dust. Relative to the account's start: a new account starts at 0.
/// </summary>
public sealed record EquityPoint(DateTimeOffset Hour, DateTimeOffset At, decimal Realized, decimal Unrealized, decimal Fees, decimal DustWrittenOff, int OpenPositions)
{
    /// <summary>Realized plus unrealized PnL.</summary>
    public decimal Equity => Realized + Unrealized;

    /// <summary>
    /// Marks the ledger at <paramref name="prices"/> (last price per symbol this cycle read), with <paramref name="realized"/>
    /// the sum of the daily PnL rows. A held position whose symbol has no price this cycle counts at its cost: no unrealized
    /// PnL is made up.
    /// </summary>
    public static EquityPoint Mark(decimal realized, IReadOnlyList<Position> positions, IReadOnlyDictionary<string, decimal> prices, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(prices);
        var unrealized = positions.Where(p => p.HoldsBase && prices.ContainsKey(p.Symbol)).Sum(p => (p.Quantity * prices[p.Symbol]) - p.HeldCost);
        return new EquityPoint(
            HourOf(at),
            at,
            realized,
            unrealized,
            positions.Sum(p => p.FeesInQuote),
            positions.Sum(p => p.DustWrittenOff),
            positions.Count(p => p.Status is PositionStatus.Open or PositionStatus.Closing));
    }

    /// <summary>The start of the UTC hour holding <paramref name="at"/>.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
