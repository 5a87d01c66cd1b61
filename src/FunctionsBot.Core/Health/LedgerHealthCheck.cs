using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>Ledger readable: the account's state row reads (or has not been written yet).</summary>
public sealed class LedgerHealthCheck(HealthLedger ledger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var account = ledger.Account;
        var state = (await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false)).State;
        return HealthCheckResult.Healthy(
            state is null ? $"Ledger of account '{account}' readable; no state written yet." : $"Ledger of account '{account}' readable.",
            new Dictionary<string, object> { ["account"] = account, ["cycles"] = state?.Value.CycleCount ?? 0 });
    }
}
