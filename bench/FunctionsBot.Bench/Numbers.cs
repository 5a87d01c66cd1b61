using System.Globalization;

namespace FunctionsBot.Bench;

/// <summary>The figures both benches print: medians, and numbers as invariant text ("-" for none).</summary>
internal static class Numbers
{
    public static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(double value, string format = "0") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
