using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Reconciliation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>
/// The last reconciliation from the ledger: overdue against its schedule (degraded), differences above tolerance not
/// yet decided or proposals waiting for a person (degraded, naming them).
/// </summary>
public sealed class ReconciliationHealthCheck(HealthLedger ledger, IOptions<ReconcileOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>A run may start this late after its scheduled time before it counts as overdue.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (snapshot.Reconciliation is not { } report)
        {
            return HealthCheckResult.Healthy($"No reconciliation yet; the next runs at {CycleSchedule.Parse(options.Value.Schedule).Next(now):O} (or POST /api/reconcile).");
        }

        var data = new Dictionary<string, object> { ["lastRun"] = report.At, ["differences"] = report.Differences.Count };
        var problems = new List<string>();
        var due = CycleSchedule.Parse(options.Value.Schedule).Next(report.At);
        if (now > due + Grace)
        {
            problems.Add($"the last reconciliation ran at {report.At:O}; the one due at {due:O} has not run");
        }

        var mismatches = report.Mismatches.ToList();
        if (mismatches.Count > 0)
        {
            problems.Add($"{mismatches.Count} difference(s) above tolerance: {string.Join("; ", mismatches.Take(3).Select(m => $"{m.Kind} {m.Symbol}"))}");
        }

        var pending = snapshot.Proposals.Where(p => p.Status == ProposalStatus.Pending).ToList();
        if (pending.Count > 0)
        {
            data["pendingProposals"] = pending.Count;
            problems.Add($"{pending.Count} proposed correction(s) wait for a person ({string.Join(", ", pending.Take(5).Select(p => $"{p.Id} {p.Symbol}"))}; POST /api/reconcile/{{id}}/approve or reject)");
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"Reconciled at {report.At:O}: {report.Differences.Count} difference(s), none above tolerance.", data)
            : HealthCheckResult.Degraded("Reconciliation: " + string.Join("; ", problems) + ".", data: data);
    }
}
