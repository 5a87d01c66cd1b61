using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>
/// Risk status: daily loss utilization (degraded above 75 %), circuit breaker (degraded when open or
/// above 60 % of its threshold), intents unresolved past the grace window (degraded), and the
/// integrity of the latest 50 chained audit records (unhealthy when broken).
/// </summary>
public sealed class RiskHealthCheck(HealthLedger ledger, IOptions<RiskOptions> risk, TimeProvider time) : IHealthCheck
{
    private const int VerifiedRecords = 50;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var account = ledger.Account;
        var snapshot = await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var state = snapshot.StateOrInitial(account);
        var options = risk.Value;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var loss = Math.Max(0, -state.RealizedOn(today));
        var lossUtilization = RiskDecision.Utilization(loss, options.DailyLossLimitQuote);
        var breakerUtilization = RiskDecision.Utilization(state.Breaker.ConsecutiveFailures, options.BreakerFailures);
        var grace = TimeSpan.FromSeconds(options.RecoveryGraceSeconds);
        var intents = snapshot.Positions.Where(p => p.IsIntent).ToList();
        var stuck = intents.Where(p => now - (p.ExitRequestedAt ?? p.CreatedAt) > grace).ToList();
        var records = await ledger.Store.ReadAuditAsync(account, VerifiedRecords, cancellationToken).ConfigureAwait(false);
        var broken = AuditChain.Verify(records, AuditHead.Of(state));

        var data = new Dictionary<string, object>
        {
            ["dailyLoss"] = loss,
            ["dailyLossLimit"] = options.DailyLossLimitQuote,
            ["dailyLossUtilizationPercent"] = lossUtilization,
            ["breakerFailures"] = state.Breaker.ConsecutiveFailures,
            ["breakerThreshold"] = options.BreakerFailures,
            ["breakerTrips"] = state.Breaker.Trips,
            ["breakerOpenUntil"] = state.Breaker.OpenUntil?.ToString("O", CultureInfo.InvariantCulture) ?? "closed",
            ["pendingIntents"] = intents.Count,
            ["openPositions"] = snapshot.Positions.Count(p => p.Status == PositionStatus.Open),
            ["auditChainHead"] = state.AuditSequence,
        };

        if (broken is not null)
        {
            return HealthCheckResult.Unhealthy($"Audit chain broken: {broken}", data: data);
        }

        var warnings = new List<string>();
        if (lossUtilization > 75)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"daily loss {loss:0.##} of {options.DailyLossLimitQuote:0.##} ({lossUtilization:0.#} %, Risk__DailyLossLimitQuote)"));
        }

        if (state.Breaker.IsOpenAt(now))
        {
            warnings.Add($"circuit breaker open until {state.Breaker.OpenUntil:O}");
        }
        else if (breakerUtilization > 60)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{state.Breaker.ConsecutiveFailures} consecutive exchange failures of {options.BreakerFailures} ({breakerUtilization:0.#} %, Risk__BreakerFailures)"));
        }

        if (stuck.Count > 0)
        {
            warnings.Add($"{stuck.Count} intents unresolved past {grace.TotalSeconds:0} s ({string.Join(", ", stuck.Select(p => $"{p.Symbol} #{p.Sequence}"))}); their symbols stay blocked");
        }

        return warnings.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", warnings) + ".", data: data)
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Daily loss {lossUtilization:0.#} % of its limit; breaker closed; {intents.Count} pending intents; audit chain intact."), data);
    }
}
