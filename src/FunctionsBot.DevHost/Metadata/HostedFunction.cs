using System.Reflection;

namespace FunctionsBot.DevHost.Metadata;

/// <summary>A function of the build output with the method that implements it.</summary>
internal sealed record HostedFunction(FunctionDefinition Definition, Type Type, MethodInfo Method)
{
    public string Name => Definition.Name;

    public BindingDefinition Trigger => Definition.Trigger
        ?? throw new InvalidDataException($"Function '{Definition.Name}' has no trigger binding.");

    /// <summary>
    /// The Functions host's app setting <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> (<c>AzureWebJobs__&lt;Name&gt;__Disabled</c> where
    /// a name cannot hold dots): a disabled function is neither scheduled nor routed.
    /// </summary>
    public bool IsDisabled(IConfiguration configuration) =>
        (configuration[$"AzureWebJobs.{Name}.Disabled"] ?? configuration[$"AzureWebJobs:{Name}:Disabled"]) is { } value
        && (value == "1" || bool.TryParse(value, out var disabled) && disabled);
}
