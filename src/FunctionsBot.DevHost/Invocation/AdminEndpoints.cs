using FunctionsBot.DevHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.DevHost.Invocation;

/// <summary>
/// The Functions host's <c>POST /admin/functions/{name}</c>: runs a timer function now, out of its schedule, also one whose
/// schedule is disabled (<c>AzureWebJobs__TradeCycle__Disabled=true</c>), which is how a drill steps the bot cycle by cycle.
/// Unlike the host, which answers 202 at once, the DevHost answers 202 once the run ended, saying whether it failed.
/// </summary>
internal static partial class AdminEndpoints
{
    public static void MapAdminInvoke(this WebApplication app, FunctionCatalog catalog, DevHostOptions options)
    {
        app.MapPost("/admin/functions/{name}", async (string name, HttpContext context, TimeProvider time, ILoggerFactory logs) =>
        {
            if (options.FunctionKey is { } key && !string.Equals(context.Request.Headers["x-functions-key"].FirstOrDefault(), key, StringComparison.Ordinal))
            {
                return Results.Unauthorized();
            }

            var function = catalog.Functions.FirstOrDefault(f => f.Name == name && f.Trigger.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase));
            if (function is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such timer function", detail: $"'{name}' is not a timer function of this app.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            await using var scope = context.RequestServices.CreateAsyncScope();
            try
            {
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, request: null, new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = now, Next = now, LastUpdated = now } }, context.RequestAborted);
                return Results.Accepted(value: new { function = name, status = "Succeeded" });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRunFailed(logs.CreateLogger("FunctionsBot.DevHost.Admin"), ex, name);
                return Results.Accepted(value: new { function = name, status = "Failed", error = ex.GetType().Name });
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Manual run of {Function} failed.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string function);
}
