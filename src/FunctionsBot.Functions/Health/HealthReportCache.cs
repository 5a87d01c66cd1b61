using FunctionsBot.Core.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions.Health;

/// <summary>
/// One health report per <c>Health__CacheSeconds</c> for every caller of this instance: concurrent callers of an
/// expired report wait for the one run that refreshes it, so the exchange ping and the ledger reads happen at
/// most once per window however hard the anonymous endpoint is hit. A change this instance makes to what the report
/// shows (the kill switch, a reconciliation) calls <see cref="Invalidate"/>, so its caller's next report shows it;
/// another instance's cache still answers for at most its window.
/// </summary>
public sealed class HealthReportCache(HealthCheckService health, HealthLedger ledger, IOptions<HealthOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Cached? _cached;
    private int _generation;

    /// <summary>The report and when it was taken.</summary>
    public async Task<(HealthReport Report, DateTimeOffset CheckedAt)> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            // Not the caller's token: a caller that gives up must not cut the run every waiting caller shares
            // (each check has its own time limit, Health__CheckTimeoutSeconds).
            var generation = Volatile.Read(ref _generation);
            var checkedAt = time.GetUtcNow();
            var report = await health.CheckHealthAsync(CancellationToken.None).ConfigureAwait(false);
            _cached = new Cached(report, checkedAt, generation);
            return (report, checkedAt);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the report and the ledger read behind it; a report still running when this is called is not reused.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        ledger.Forget();
    }

    public void Dispose() => _refresh.Dispose();

    private (HealthReport, DateTimeOffset)? Fresh() =>
        _cached is { } cached
        && cached.Generation == Volatile.Read(ref _generation)
        && time.GetUtcNow() - cached.CheckedAt < TimeSpan.FromSeconds(options.Value.CacheSeconds)
            ? (cached.Report, cached.CheckedAt)
            : null;

    private sealed record Cached(HealthReport Report, DateTimeOffset CheckedAt, int Generation);
}
