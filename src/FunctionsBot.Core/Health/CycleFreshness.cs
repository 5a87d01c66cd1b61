using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>Grades the age of the last successful cycle against the schedule's interval.</summary>
public static class CycleFreshness
{
    public static HealthCheckResult Evaluate(
        DateTimeOffset? lastSuccess, DateTimeOffset hostStart, DateTimeOffset now, TimeSpan interval, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Before this process ran a cycle, a fresh start gets the same grace as a fresh cycle.
        var reference = lastSuccess is { } last && last > hostStart ? last : hostStart;
        var age = now - reference;
        var data = new Dictionary<string, object>
        {
            ["lastSuccessfulCycleAt"] = lastSuccess?.ToString("O", CultureInfo.InvariantCulture) ?? "never",
            ["ageSeconds"] = Math.Round(age.TotalSeconds, 1),
            ["intervalSeconds"] = interval.TotalSeconds,
        };
        var intervals = interval > TimeSpan.Zero ? age / interval : 0;
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"{(reference == lastSuccess ? "Last successful cycle" : "No successful cycle since this process started")} {age.TotalSeconds:0} s ago, {intervals:0.#} schedule intervals");

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
