namespace FunctionsBot.Core.Filters;

/// <summary>Step arithmetic in decimal. A step of 0 means the rule is disabled.</summary>
public static class DecimalSteps
{
    public static decimal Down(decimal value, decimal step) => step <= 0 ? value : decimal.Floor(value / step) * step;

    public static decimal Up(decimal value, decimal step) => step <= 0 ? value : decimal.Ceiling(value / step) * step;

    public static bool IsMultiple(decimal value, decimal step) => step <= 0 || value % step == 0;

    /// <summary>Drops trailing zeros, so <c>0.01000000</c> prints as <c>0.01</c>.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
