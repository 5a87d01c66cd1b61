using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace FunctionsBot.Cli;

/// <summary>Tables and values for a person: every value from the bot is escaped, never read as markup.</summary>
internal static class Output
{
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static void Row(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? string.Empty)).ToArray());

    /// <summary>A property as text: strings as they are, numbers invariant, null or missing as empty.</summary>
    public static string Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Text(value) : string.Empty;

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDecimal().ToString("0.########", CultureInfo.InvariantCulture),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    /// <summary>Healthy green, Degraded yellow, anything else red.</summary>
    public static string Status(string status) => status switch
    {
        "Healthy" => $"[green]{Markup.Escape(status)}[/]",
        "Degraded" => $"[yellow]{Markup.Escape(status)}[/]",
        _ => $"[red]{Markup.Escape(status)}[/]",
    };

    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
