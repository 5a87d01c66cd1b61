using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.DevHost.Metadata;

/// <summary>
/// The functions of the Functions build output: read from its <c>functions.metadata</c>, each
/// entry point resolved to its method, each parameter checked to be one the DevHost can bind.
/// </summary>
internal sealed class FunctionCatalog
{
    private static readonly Type[] Bindable = [typeof(HttpRequest), typeof(CancellationToken), typeof(TimerInfo), typeof(string)];

    private FunctionCatalog(IReadOnlyList<HostedFunction> functions) => Functions = functions;

    public IReadOnlyList<HostedFunction> Functions { get; }

    /// <summary>The functions not disabled in <paramref name="configuration"/>, of one trigger type (<c>httpTrigger</c>, <c>timerTrigger</c>) or of any.</summary>
    public IEnumerable<HostedFunction> Enabled(IConfiguration configuration, string? trigger = null) =>
        Functions.Where(f => (trigger is null || f.Trigger.Type.Equals(trigger, StringComparison.OrdinalIgnoreCase)) && !f.IsDisabled(configuration));

    public static FunctionCatalog Load(string directory)
    {
        var path = Path.Combine(directory, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No functions.metadata in {directory}; build src/FunctionsBot.Functions.", path);
        }

        var definitions = JsonSerializer.Deserialize<List<FunctionDefinition>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} holds no function list.");
        return new FunctionCatalog(definitions.Select(Resolve).ToList());
    }

    private static HostedFunction Resolve(FunctionDefinition definition)
    {
        var split = definition.EntryPoint.LastIndexOf('.');
        if (split <= 0)
        {
            throw new InvalidDataException($"Function '{definition.Name}': entry point '{definition.EntryPoint}' is not Type.Method.");
        }

        var assembly = Assembly.Load(Path.GetFileNameWithoutExtension(definition.ScriptFile));
        var typeName = definition.EntryPoint[..split];
        var type = assembly.GetType(typeName, throwOnError: false)
            ?? throw new InvalidDataException($"Function '{definition.Name}': type '{typeName}' not found in {definition.ScriptFile}.");
        var method = type.GetMethod(definition.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidDataException($"Function '{definition.Name}': method '{definition.EntryPoint}' not found.");
        foreach (var parameter in method.GetParameters().Where(p => !Bindable.Contains(p.ParameterType)))
        {
            throw new NotSupportedException(
                $"Function '{definition.Name}': the DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}; "
                + "it binds HttpRequest, TimerInfo, CancellationToken and string route values.");
        }

        return new HostedFunction(definition, type, method);
    }
}
