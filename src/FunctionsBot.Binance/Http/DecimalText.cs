using System.Globalization;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Binance.Http;

/// <summary>Decimals as Binance accepts them: invariant, fixed point, no exponent, no trailing zeros.</summary>
internal static class DecimalText
{
    public static string Format(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return DecimalSteps.Normalize(value).ToString("0.############################", CultureInfo.InvariantCulture);
    }
}
