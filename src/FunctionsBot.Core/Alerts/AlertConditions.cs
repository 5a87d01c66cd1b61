using System.Globalization;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Alerts;

/// <summary>
/// The conditions a person must act on, read from the ledger alone (so any instance evaluates them the same):
/// the kill switch latched, the breaker open, an intent unresolved past the grace window, an entry filled beyond
/// what risk approved, a reconciliation mismatch, cycles failing in a row, the exchange keys unreadable.
/// </summary>
public static class AlertConditions
{
    public static IReadOnlyList<AlertCondition> Evaluate(LedgerSnapshot snapshot, string account, DateTimeOffset now, int recoveryGraceSeconds, int failedCyclesInARow)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = snapshot.StateOrInitial(account);
        var conditions = new List<AlertCondition>();
        if (state.KillSwitch is { Active: true } kill)
        {
            conditions.Add(new AlertCondition(
                "kill-switch", "kill-switch-latched", "critical",
                $"Kill switch latched ({kill.Mode}) by {kill.ChangedBy} at {kill.ChangedAt:O}: {kill.Reason}. No entries until a person re-arms it.",
                new Dictionary<string, string> { ["mode"] = kill.Mode.ToString(), ["by"] = kill.ChangedBy ?? string.Empty }));
        }

        if (state.Breaker.OpenUntil is { } openUntil)
        {
            conditions.Add(new AlertCondition(
                "breaker", "breaker-opened", "warning",
                $"Circuit breaker opened after {state.Breaker.ConsecutiveFailures} consecutive exchange failures (trip #{state.Breaker.Trips}); entries blocked, probing from {openUntil:O}.",
                new Dictionary<string, string> { ["failures"] = N(state.Breaker.ConsecutiveFailures), ["trips"] = N(state.Breaker.Trips) }));
        }

        foreach (var intent in snapshot.Positions.Where(p => p.IsIntent).OrderBy(p => p.Sequence))
        {
            var since = intent.ExitRequestedAt ?? intent.CreatedAt;
            if (now - since > TimeSpan.FromSeconds(recoveryGraceSeconds))
            {
                var clientOrderId = intent.Status == PositionStatus.Pending ? intent.EntryClientOrderId : intent.ExitClientOrderId;
                conditions.Add(new AlertCondition(
                    $"intent-unknown:{intent.Sequence}", "intent-unknown", "critical",
                    $"{intent.Symbol} intent #{intent.Sequence} (order {clientOrderId}) is still unknown {(long)(now - since).TotalSeconds} s after it was written; the symbol stays blocked until the exchange answers.",
                    new Dictionary<string, string> { ["position"] = N(intent.Sequence), ["symbol"] = intent.Symbol, ["clientOrderId"] = clientOrderId ?? string.Empty }));
            }
        }

        foreach (var overfilled in snapshot.Positions.Where(p => p is { Status: PositionStatus.Open, Overfill: not null }).OrderBy(p => p.Sequence))
        {
            conditions.Add(new AlertCondition(
                $"entry-overfilled:{overfilled.Sequence}", "entry-overfilled", "critical",
                $"{overfilled.Symbol} #{overfilled.Sequence} filled beyond what risk approved ({overfilled.Overfill}); it is open and protected as any position. Check the exchange's fills and Risk__MaxTradeQuote.",
                new Dictionary<string, string> { ["position"] = N(overfilled.Sequence), ["symbol"] = overfilled.Symbol }));
        }

        if (snapshot.Reconciliation is { } report && report.Mismatches.ToList() is { Count: > 0 } mismatches)
        {
            conditions.Add(new AlertCondition(
                "reconciliation", "reconciliation-mismatch", "critical",
                $"Reconciliation at {report.At:O} found {mismatches.Count} difference(s) above tolerance: {string.Join(" | ", mismatches.Take(5).Select(m => $"{m.Kind} {m.Symbol}: {m.Message}"))}. Proposals wait for a person (GET /api/reconcile).",
                new Dictionary<string, string>
                {
                    ["differences"] = N(mismatches.Count),
                    ["symbols"] = string.Join(",", mismatches.Select(m => m.Symbol).Where(s => s.Length > 0).Distinct()),
                    ["valueInQuote"] = mismatches.Sum(m => m.ValueInQuote ?? 0).ToString(CultureInfo.InvariantCulture),
                }));
        }

        if (state.FailedCyclesInARow >= failedCyclesInARow)
        {
            conditions.Add(new AlertCondition(
                "cycle-failures", "cycle-failures", "critical",
                $"{state.FailedCyclesInARow} trade cycles failed in a row (Alerts__FailedCyclesInARow = {failedCyclesInARow}); the last completed cycle was at {state.LastSuccessfulCycleAt:O}.",
                new Dictionary<string, string> { ["failedInARow"] = N(state.FailedCyclesInARow) }));
        }

        if (state.CredentialsProblem is { } credentials)
        {
            conditions.Add(new AlertCondition(
                "credentials", "credentials-unavailable", "critical", $"The exchange keys cannot be read: {credentials}", new Dictionary<string, string>()));
        }

        return conditions;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
