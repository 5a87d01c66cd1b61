using System.Globalization;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// An order's commissions split by what they do to the books: taken from the base asset (less base held),
/// from the quote asset (less quote), or in a third asset such as BNB, valued in quote at the fill's time.
/// </summary>
public sealed record Commissions(decimal InBase, decimal InQuote, IReadOnlyList<FeeValuation> Valued, IReadOnlyList<string> Unvalued)
{
    /// <summary>Third-asset commissions valued in quote.</summary>
    public decimal OtherInQuote => Valued.Sum(v => v.InQuote);

    /// <summary>Every commission that costs quote: paid in quote, or valued in quote.</summary>
    public decimal QuoteCost => InQuote + OtherInQuote;

    public static Commissions Of(OrderOutcome outcome, BookingMarket market)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(market);
        var rules = market.Rules;
        decimal inBase = 0, inQuote = 0;
        var valued = new List<FeeValuation>();
        var unvalued = new List<string>();
        foreach (var (asset, amount) in outcome.CommissionByAsset.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (amount == 0)
            {
                continue;
            }

            if (asset == rules.BaseAsset)
            {
                inBase += amount;
            }
            else if (asset == rules.QuoteAsset)
            {
                inQuote += amount;
            }
            else if (market.AssetPrices.TryGetValue(asset, out var price))
            {
                valued.Add(new FeeValuation(asset, amount, price, amount * price));
            }
            else
            {
                unvalued.Add(asset);
            }
        }

        return new Commissions(inBase, inQuote, valued, unvalued);
    }

    /// <summary>"0.00000012 BTC, 0.0000041 BNB at 612.5 USDT = 0.00251125 USDT".</summary>
    public string Describe(BookingMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var parts = new List<string>();
        if (InBase != 0)
        {
            parts.Add($"{BookingText.Of(InBase)} {market.Rules.BaseAsset}");
        }

        if (InQuote != 0)
        {
            parts.Add($"{BookingText.Of(InQuote)} {market.Rules.QuoteAsset}");
        }

        parts.AddRange(Valued.Select(v => $"{BookingText.Of(v.Amount)} {v.Asset} at {BookingText.Of(v.Price)} {market.Rules.QuoteAsset} = {BookingText.Of(v.InQuote)} {market.Rules.QuoteAsset}"));
        parts.AddRange(Unvalued.Select(a => $"{a} (no price in {market.Rules.QuoteAsset}: not valued, reconciliation will show it)"));
        return parts.Count == 0 ? "no commission" : "commission " + string.Join(", ", parts);
    }

    public void AddTo(IDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data["commissionInBase"] = BookingText.Of(InBase);
        data["commissionInQuote"] = BookingText.Of(InQuote);
        foreach (var v in Valued)
        {
            data[$"commission{v.Asset}"] = BookingText.Of(v.Amount);
            data[$"commission{v.Asset}Price"] = BookingText.Of(v.Price);
            data[$"commission{v.Asset}InQuote"] = BookingText.Of(v.InQuote);
        }

        if (Unvalued.Count > 0)
        {
            data["commissionUnvalued"] = string.Join(",", Unvalued);
        }
    }
}

/// <summary>A commission in a third asset and its value in quote: <see cref="Amount"/> × <see cref="Price"/>.</summary>
public sealed record FeeValuation(string Asset, decimal Amount, decimal Price, decimal InQuote);

/// <summary>Decimal text for audit rows: invariant, every significant digit (no rounding of booked amounts).</summary>
internal static class BookingText
{
    public static string Of(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
