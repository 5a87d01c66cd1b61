using System.Globalization;

namespace FunctionsBot.Binance.Http;

/// <summary>Decimals as Binance accepts them: invariant, fixed point, no exponent, no trailing zeros.</summary>
internal static class DecimalText
{
    public static string Format(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return (value / 1.000000000000000000000000000000000m).ToString("0.############################", CultureInfo.InvariantCulture);
    }
}
