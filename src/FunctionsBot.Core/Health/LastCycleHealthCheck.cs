using FunctionsBot.Core.Cycle;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>Age of the last successful cycle, in schedule intervals.</summary>
public sealed class LastCycleHealthCheck(
    HealthLedger ledger,
    IOptions<TradeCycleOptions> cycle,
    IOptions<HealthOptions> health,
    TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = (await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false)).State;
        var now = time.GetUtcNow();
        var interval = CycleSchedule.Parse(cycle.Value.Schedule).LongestInterval(now);
        return CycleFreshness.Evaluate(state?.Value.LastSuccessfulCycleAt, now, interval, health.Value);
    }
}
