using FunctionsBot.DevHost;
using FunctionsBot.DevHost.Invocation;
using FunctionsBot.DevHost.Metadata;
using FunctionsBot.Functions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
var catalog = FunctionCatalog.Load(AppContext.BaseDirectory);
var devHost = builder.Configuration.GetSection("DevHost").Get<DevHostOptions>() ?? new DevHostOptions();

builder.Services.AddFunctionsBot();
builder.Services.AddMvcCore();
builder.Services.AddSingleton(catalog);
builder.Services.AddHostedService<TimerTriggerService>();

var app = builder.Build();
app.MapHttpTriggers(catalog, devHost);
app.MapAdminInvoke(catalog, devHost);

try
{
    foreach (var timer in catalog.Enabled(app.Configuration, "timerTrigger"))
    {
        TimerTriggerService.ResolveSchedule(timer, app.Configuration);
    }

    await app.StartAsync();
}
catch (Exception ex) when (StartupProblems.From(ex) is { Count: > 0 } problems)
{
    await Console.Error.WriteLineAsync($"FunctionsBot cannot start: {problems.Count} configuration problem(s).");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }

    return 2;
}

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:7071";
var running = catalog.Enabled(app.Configuration).Select(f => f.Name).ToList();
Console.WriteLine($"FunctionsBot DevHost is running {running.Count} functions ({string.Join(", ", running)}).");
Console.WriteLine($"Health: {address}/api/health");
Console.WriteLine($"Dashboard: {address}/api/dashboard");
await app.WaitForShutdownAsync();
return 0;

/// <summary>The configuration problems a failed start reports, one per bad setting.</summary>
internal static class StartupProblems
{
    public static IReadOnlyList<string> From(Exception exception) => exception switch
    {
        OptionsValidationException options => options.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(From).ToList(),
        InvalidOperationException invalid when invalid.Message.Contains("does not resolve", StringComparison.Ordinal) => [invalid.Message],
        _ => [],
    };
}
