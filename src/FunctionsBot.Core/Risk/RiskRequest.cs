namespace FunctionsBot.Core.Risk;

/// <summary>
/// A proposed entry as it will be sent: symbol, its notional at the worst price it may fill at, and the most it can lose
/// if its stop is hit: quantity × (that price − the stop's limit price) plus the fees of both sides.
/// </summary>
public sealed record RiskRequest(string Symbol, decimal Quote, decimal LossAtStop)
{
    /// <summary>The request for an entry of <paramref name="quantity"/> at up to <paramref name="price"/> whose stop sells at <paramref name="stopLimit"/> or better.</summary>
    public static RiskRequest ForEntry(string symbol, decimal quantity, decimal price, decimal stopLimit, decimal feeRatePercent)
    {
        var fees = quantity * (price + stopLimit) * feeRatePercent / 100m;
        return new RiskRequest(symbol, quantity * price, (quantity * (price - stopLimit)) + fees);
    }
}
