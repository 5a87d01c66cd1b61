using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>An active kill switch is reported as degraded: the bot runs but does not trade.</summary>
public sealed class KillSwitchHealthCheck(HealthLedger ledger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = (await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false)).StateOrInitial(ledger.Account).KillSwitch;
        var data = new Dictionary<string, object> { ["active"] = state.Active };
        if (state.ChangedAt is { } at)
        {
            data["since"] = at.ToString("O", CultureInfo.InvariantCulture);
            data["by"] = state.ChangedBy ?? string.Empty;
            data["reason"] = state.Reason ?? string.Empty;
        }

        return state.Active
            ? HealthCheckResult.Degraded($"Kill switch active since {data["since"]} by {state.ChangedBy}: {state.Reason}. POST /api/killswitch with active=false to re-arm.", data: data)
            : HealthCheckResult.Healthy("Kill switch armed (trading allowed).", data);
    }
}
