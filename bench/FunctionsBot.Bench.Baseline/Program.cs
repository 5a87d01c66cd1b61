using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

// The cold-start baseline: a bare isolated-worker app with one HTTP function and nothing else, served the way the
// DevHost serves the bot's functions (ASP.NET Core, the function's IActionResult executed by MVC, workstation GC).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMvcCore();
var app = builder.Build();
app.MapGet("/api/health", (HttpContext context) =>
    HealthFunction.Run(context.Request).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())));
await app.StartAsync();
Console.WriteLine("Baseline ready.");
await app.WaitForShutdownAsync();

internal static class HealthFunction
{
    [Function("health")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "Healthy" });
}
