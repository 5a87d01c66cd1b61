using System.Globalization;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// An order's commissions by asset as one audit value, <c>BNB=0.0001;BTC=0.00000012</c>: what the exchange took,
/// in every asset, valued or not. Reconciliation compares it with the exchange's trades.
/// </summary>
public static class FeeList
{
    public static string Format(IReadOnlyDictionary<string, decimal> byAsset)
    {
        ArgumentNullException.ThrowIfNull(byAsset);
        return string.Join(';', byAsset.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={BookingText.Of(p.Value)}"));
    }

    /// <summary><paramref name="text"/> (a fee list, or null for none) with <paramref name="more"/> added, as a fee list.</summary>
    public static string Add(string? text, IReadOnlyDictionary<string, decimal> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var sum = Parse(text) ?? [];
        foreach (var (asset, amount) in more)
        {
            sum[asset] = sum.GetValueOrDefault(asset) + amount;
        }

        return Format(sum);
    }

    /// <summary>The amounts by asset; null when the text is not a fee list.</summary>
    public static Dictionary<string, decimal>? Parse(string? text)
    {
        var fees = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return text is null ? null : fees;
        }

        foreach (var part in text.Split(';'))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || pair[0].Length == 0 || !decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            fees[pair[0]] = fees.GetValueOrDefault(pair[0]) + amount;
        }

        return fees;
    }
}
