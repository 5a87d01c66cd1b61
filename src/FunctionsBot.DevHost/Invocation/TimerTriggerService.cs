using System.Text.RegularExpressions;
using FunctionsBot.Core.Cycle;
using FunctionsBot.DevHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.DevHost.Invocation;

/// <summary>
/// Runs every timer trigger of the catalog on its NCRONTAB schedule (UTC), <c>%Setting%</c>
/// expressions resolved from configuration, except those disabled (<see cref="HostedFunction.IsDisabled"/>). Runs of
/// one function never overlap.
/// </summary>
internal sealed partial class TimerTriggerService(
    FunctionCatalog catalog,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    /// <summary>Resolves <c>%Name%</c> the way the Functions host does, or says which setting is missing.</summary>
    public static string ResolveSchedule(HostedFunction function, IConfiguration configuration)
    {
        var expression = function.Trigger.Schedule
            ?? throw new InvalidDataException($"Function '{function.Name}': timer trigger without a schedule.");
        return Setting().Replace(expression, match =>
        {
            var name = match.Groups[1].Value;
            return configuration[name] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"Function '{function.Name}': '{match.Value}' does not resolve; set {name.Replace(":", "__", StringComparison.Ordinal)}.");
        });
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Enabled(configuration, "timerTrigger")
            .Select(f => RunAsync(f, CycleSchedule.Parse(ResolveSchedule(f, configuration)), stoppingToken)));

    private async Task RunAsync(HostedFunction function, CycleSchedule schedule, CancellationToken stoppingToken)
    {
        DateTime? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.Next(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var timer = new TimerInfo
            {
                IsPastDue = time.GetUtcNow() - next > TimeSpan.FromSeconds(1),
                ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.Next(next).UtcDateTime, LastUpdated = now.UtcDateTime },
            };
            last = next.UtcDateTime;
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, request: null, timer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // As in the Functions host: a failed run is logged and the schedule goes on.
                LogRunFailed(ex, function.Name);
            }
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Setting();

    [LoggerMessage(EventId = 4500, Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private partial void LogRunFailed(Exception exception, string function);
}
