using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>Grades the age of the last successful cycle against the schedule's interval.</summary>
public static class CycleFreshness
{
    public static HealthCheckResult Evaluate(DateTimeOffset? lastSuccess, DateTimeOffset now, TimeSpan interval, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (lastSuccess is not { } last)
        {
            return HealthCheckResult.Degraded(
                "No cycle has completed yet.",
                data: new Dictionary<string, object> { ["lastSuccessfulCycleAt"] = "never", ["intervalSeconds"] = interval.TotalSeconds });
        }

        var age = now - last;
        var intervals = interval > TimeSpan.Zero ? age / interval : 0;
        var data = new Dictionary<string, object>
        {
            ["lastSuccessfulCycleAt"] = last.ToString("O", CultureInfo.InvariantCulture),
            ["ageSeconds"] = Math.Round(age.TotalSeconds, 1),
            ["intervalSeconds"] = interval.TotalSeconds,
        };
        var description = string.Create(CultureInfo.InvariantCulture, $"Last successful cycle {age.TotalSeconds:0.#} s ago, {intervals:0.#} schedule intervals");
        if (intervals > options.UnhealthyAfterCycles)
        {
            return HealthCheckResult.Unhealthy($"{description}; unhealthy beyond {options.UnhealthyAfterCycles} (Health__UnhealthyAfterCycles).", data: data);
        }

        if (intervals > options.StaleAfterCycles)
        {
            return HealthCheckResult.Degraded($"{description}; stale beyond {options.StaleAfterCycles} (Health__StaleAfterCycles).", data: data);
        }

        return HealthCheckResult.Healthy(description + ".", data);
    }
}
