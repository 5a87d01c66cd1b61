using System.Globalization;
using System.Text.Json;

namespace FunctionsBot.Binance.Http;

/// <summary>
/// Strict reads of the fields the bot needs from Binance JSON (decimals are strings, ids and times
/// numbers); unknown fields are ignored. A missing or mistyped field is a <see cref="BinanceResponseException"/>
/// naming the endpoint and the field.
/// </summary>
internal readonly struct JsonFields(JsonElement element, string where)
{
    public JsonElement Element => element;

    public string Where => where;

    public static JsonDocument Parse(string text, string where)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new BinanceResponseException($"{where}: the reply is not JSON ({ex.Message}).", ex);
        }
    }

    public JsonFields Object(string name) => new(Get(name, JsonValueKind.Object), $"{where}.{name}");

    public IEnumerable<JsonFields> Array(string name)
    {
        var array = Get(name, JsonValueKind.Array);
        var path = $"{where}.{name}";
        return array.EnumerateArray().Select((e, i) => new JsonFields(e, $"{path}[{i}]"));
    }

    public IEnumerable<JsonFields> Items()
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new BinanceResponseException($"{where}: expected a JSON array, got {element.ValueKind}.");
        }

        var path = where;
        return element.EnumerateArray().Select((e, i) => new JsonFields(e, $"{path}[{i}]"));
    }

    public string String(string name) => Get(name, JsonValueKind.String).GetString()!;

    public string? OptionalString(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public decimal Decimal(string name) => ParseDecimal(String(name), $"{where}.{name}");

    public decimal? OptionalDecimal(string name) => OptionalString(name) is { } text ? ParseDecimal(text, $"{where}.{name}") : null;

    public long Long(string name)
    {
        var value = Get(name, JsonValueKind.Number);
        return value.TryGetInt64(out var result) ? result : throw new BinanceResponseException($"{where}.{name}: {value} is not a whole number.");
    }

    public int Int(string name) => checked((int)Long(name));

    public int OptionalInt(string name, int fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result) ? result : fallback;

    public bool Bool(string name)
    {
        var value = element.TryGetProperty(name, out var v) ? v : default;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BinanceResponseException($"{where}.{name}: expected true or false, got {value.ValueKind}."),
        };
    }

    public bool OptionalBool(string name, bool fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    public static decimal ParseDecimal(string text, string where) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BinanceResponseException($"{where}: '{text}' is not a decimal number.");

    private JsonElement Get(string name, JsonValueKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new BinanceResponseException($"{where}: expected a JSON object, got {element.ValueKind}.");
        }

        if (!element.TryGetProperty(name, out var value))
        {
            throw new BinanceResponseException($"{where}: field '{name}' is missing.");
        }

        return value.ValueKind == kind ? value : throw new BinanceResponseException($"{where}.{name}: expected {kind}, got {value.ValueKind}.");
    }
}
