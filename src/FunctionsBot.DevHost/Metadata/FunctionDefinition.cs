using System.Text.Json.Serialization;

namespace FunctionsBot.DevHost.Metadata;

/// <summary>One entry of <c>functions.metadata</c>, as the Worker SDK writes it.</summary>
internal sealed record FunctionDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("scriptFile")] string ScriptFile,
    [property: JsonPropertyName("entryPoint")] string EntryPoint,
    [property: JsonPropertyName("bindings")] IReadOnlyList<BindingDefinition> Bindings)
{
    public BindingDefinition? Trigger => Bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
}
