using System.Reflection;
using FunctionsBot.DevHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.DevHost.Invocation;

/// <summary>
/// Calls a function's method the way the worker does: a new instance of its class from the
/// invocation's service scope (constructor injection), parameters bound by type or route name.
/// </summary>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(
        HostedFunction function,
        IServiceProvider services,
        HttpRequest? request,
        TimerInfo? timer,
        CancellationToken cancellationToken)
    {
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(p, request, timer, cancellationToken)).ToArray();
        try
        {
            var returned = function.Method.Invoke(instance, arguments);
            return returned switch
            {
                Task task => await AwaitResultAsync(task).ConfigureAwait(false),
                _ => returned,
            };
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        finally
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static object? Bind(ParameterInfo parameter, HttpRequest? request, TimerInfo? timer, CancellationToken cancellationToken) =>
        parameter.ParameterType switch
        {
            var t when t == typeof(CancellationToken) => cancellationToken,
            var t when t == typeof(HttpRequest) => request,
            var t when t == typeof(TimerInfo) => timer,
            _ => request?.RouteValues.TryGetValue(parameter.Name!, out var value) == true ? value?.ToString() : null,
        };

    private static async Task<object?> AwaitResultAsync(Task task)
    {
        await task.ConfigureAwait(false);
        var type = task.GetType();
        return type.IsGenericType && type.GetProperty(nameof(Task<object>.Result)) is { } result && result.PropertyType.Name != "VoidTaskResult"
            ? result.GetValue(task)
            : null;
    }
}
