using System.Text.Json.Serialization;

namespace FunctionsBot.DevHost.Metadata;

/// <summary>One binding of a function in <c>functions.metadata</c>.</summary>
internal sealed record BindingDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("authLevel")] string? AuthLevel = null,
    [property: JsonPropertyName("methods")] IReadOnlyList<string>? Methods = null,
    [property: JsonPropertyName("route")] string? Route = null,
    [property: JsonPropertyName("schedule")] string? Schedule = null);
