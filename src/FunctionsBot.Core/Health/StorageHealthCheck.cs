using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>Storage reachable: the blob and table services answer.</summary>
public sealed class StorageHealthCheck(IStorageProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await probe.ProbeAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy("Blob and table services answer.");
    }
}
