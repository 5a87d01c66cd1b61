using System.Reflection;

namespace FunctionsBot.DevHost.Metadata;

/// <summary>A function of the build output with the method that implements it.</summary>
internal sealed record HostedFunction(FunctionDefinition Definition, Type Type, MethodInfo Method)
{
    public string Name => Definition.Name;

    public BindingDefinition Trigger => Definition.Trigger
        ?? throw new InvalidDataException($"Function '{Definition.Name}' has no trigger binding.");
}
