using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Simulator.Api;

/// <summary>Request parameters: query string and form body merged, the query string winning, as Binance does.</summary>
internal sealed partial class Parameters(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values => values;

    public static Parameters From(HttpRequest request, string body)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
        {
            merged[key] = value.ToString();
        }

        foreach (var (key, value) in request.Query)
        {
            merged[key] = value.ToString();
        }

        return new Parameters(merged);
    }

    public string? Text(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string Required(string name) =>
        Text(name) ?? throw SimError.BadRequest(-1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    public decimal? Decimal(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!DecimalPattern().IsMatch(text))
        {
            throw SimError.BadRequest(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^([0-9]{{1,20}})(\\.[0-9]{{1,20}})?$'.");
        }

        return decimal.Parse(text, CultureInfo.InvariantCulture);
    }

    public long? Long(string name) =>
        Text(name) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw SimError.BadRequest(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^[0-9]{{1,20}}$'.")
            : null;

    [GeneratedRegex(@"^([0-9]{1,20})(\.[0-9]{1,20})?$")]
    private static partial Regex DecimalPattern();
}
