using System.Text.Json.Nodes;
using FunctionsBot.DevHost.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace FunctionsBot.DevHost.Invocation;

/// <summary>Maps every HTTP trigger of the catalog to its route prefix, route and methods.</summary>
internal static class HttpTriggerEndpoints
{
    public static void MapHttpTriggers(this WebApplication app, FunctionCatalog catalog, DevHostOptions options)
    {
        var prefix = RoutePrefix(AppContext.BaseDirectory);
        foreach (var function in catalog.Enabled(app.Configuration, "httpTrigger"))
        {
            var trigger = function.Trigger;
            var route = "/" + string.Join('/', new[] { prefix, trigger.Route ?? function.Name }.Where(s => s.Length > 0));
            var methods = (trigger.Methods ?? ["get", "post", "put", "delete", "patch", "head", "options"]).Select(m => m.ToUpperInvariant()).ToArray();
            var anonymous = string.Equals(trigger.AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase);
            app.MapMethods(route, methods, (HttpContext context) => InvokeAsync(function, context, anonymous ? null : options.FunctionKey))
                .WithName(function.Name);
        }
    }

    private static async Task InvokeAsync(HostedFunction function, HttpContext context, string? requiredKey)
    {
        if (requiredKey is not null && !HasKey(context.Request, requiredKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var result = await FunctionInvoker.InvokeAsync(function, context.RequestServices, context.Request, timer: null, context.RequestAborted);
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult minimal:
                await minimal.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted);
                break;
        }
    }

    private static bool HasKey(HttpRequest request, string key) =>
        string.Equals(request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault(), key, StringComparison.Ordinal);

    /// <summary><c>extensions.http.routePrefix</c> of host.json; <c>api</c> when absent, as in the Functions host.</summary>
    private static string RoutePrefix(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        if (!File.Exists(path))
        {
            return "api";
        }

        var prefix = JsonNode.Parse(File.ReadAllText(path))?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>();
        return (prefix ?? "api").Trim('/');
    }
}
