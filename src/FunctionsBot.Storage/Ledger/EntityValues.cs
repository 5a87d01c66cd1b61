using System.Globalization;

namespace FunctionsBot.Storage.Ledger;

/// <summary>Table Storage has no decimal or date-only type: both are stored as invariant strings.</summary>
internal static class EntityValues
{
    public static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static decimal Decimal(string? text) => text is null ? 0m : decimal.Parse(text, CultureInfo.InvariantCulture);

    public static decimal? OptionalDecimal(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    public static string? Text(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
