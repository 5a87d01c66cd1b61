using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Core.Alerts;

/// <summary>The thresholds of <see cref="AlertConditions"/>, from the settings.</summary>
/// <param name="RecoveryGraceSeconds">An intent unresolved longer than this is alerted (<c>Risk__RecoveryGraceSeconds</c>).</param>
/// <param name="FailedCyclesInARow"><c>Alerts__FailedCyclesInARow</c>.</param>
/// <param name="LongBackOff">A 429 back-off longer than this is alerted (<c>Alerts__BackOffMinutes</c>); a 418 ban always is.</param>
/// <param name="UnprotectedCycles"><c>Alerts__UnprotectedCycles</c>.</param>
/// <param name="ListsAtExchange">Open positions are meant to be held by lists at the exchange (<c>Strategy__Protection = Exchange</c>, not Paper).</param>
public sealed record AlertRules(int RecoveryGraceSeconds, int FailedCyclesInARow, TimeSpan LongBackOff, int UnprotectedCycles, bool ListsAtExchange)
{
    public static AlertRules From(AlertOptions alerts, RiskOptions risk, StrategyOptions strategy, BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(risk);
        return new(risk.RecoveryGraceSeconds, alerts.FailedCyclesInARow, TimeSpan.FromMinutes(alerts.BackOffMinutes), alerts.UnprotectedCycles, ProtectionKeeper.Places(strategy, bot));
    }
}

/// <summary>
/// The conditions a person must act on, read from the ledger alone (so any instance evaluates them the same):
/// the kill switch latched, the breaker open, an intent unresolved past the grace window, an entry filled beyond
/// what risk approved, a position left without its list, a reconciliation mismatch, cycles failing in a row, the
/// exchange keys unreadable or refused, the IP banned or backing off for long.
/// </summary>
public static class AlertConditions
{
    public static IReadOnlyList<AlertCondition> Evaluate(LedgerSnapshot snapshot, string account, DateTimeOffset now, AlertRules rules)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rules);
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
            if (now - since > TimeSpan.FromSeconds(rules.RecoveryGraceSeconds))
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

        foreach (var bare in snapshot.Positions.Where(p => rules.ListsAtExchange && p.IsUnprotected && state.CycleCount - p.UnprotectedSinceCycle > rules.UnprotectedCycles).OrderBy(p => p.Sequence))
        {
            var cycles = state.CycleCount - bare.UnprotectedSinceCycle!.Value;
            conditions.Add(new AlertCondition(
                $"position-unprotected:{bare.Sequence}", "position-unprotected", "critical",
                $"{bare.Symbol} #{bare.Sequence} ({bare.Quantity.ToString(CultureInfo.InvariantCulture)}) has had no working list at the exchange for {cycles} cycles (Alerts__UnprotectedCycles = {rules.UnprotectedCycles}): {WhyUnprotected(bare)}. Only the bot-side stop holds it, and only while the host runs.",
                new Dictionary<string, string> { ["position"] = N(bare.Sequence), ["symbol"] = bare.Symbol, ["cycles"] = N(cycles) }));
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

        if (state.FailedCyclesInARow >= rules.FailedCyclesInARow)
        {
            conditions.Add(new AlertCondition(
                "cycle-failures", "cycle-failures", "critical",
                $"{state.FailedCyclesInARow} trade cycles failed in a row (Alerts__FailedCyclesInARow = {rules.FailedCyclesInARow}); the last completed cycle was at {state.LastSuccessfulCycleAt:O}.",
                new Dictionary<string, string> { ["failedInARow"] = N(state.FailedCyclesInARow) }));
        }

        if (state.CredentialsProblem is { } credentials)
        {
            conditions.Add(new AlertCondition(
                "credentials", "credentials-unavailable", "critical", $"The exchange keys cannot be read: {credentials}", new Dictionary<string, string>()));
        }

        if (state.Exchange?.KeysRefused is { } refused)
        {
            conditions.Add(new AlertCondition(
                "exchange-keys", "exchange-keys-refused", "critical",
                $"The exchange refuses the bot's API key on signed calls since {state.Exchange.KeysRefusedAt:O} ({refused}): no order, list or fill can be placed or read. Put the key pair Binance knows into Key Vault, and check the key's IP allow-list and permissions.",
                new Dictionary<string, string>()));
        }

        if (state.Exchange?.LongBackOff(now, rules.LongBackOff) is { } blind)
        {
            conditions.Add(new AlertCondition(
                "exchange-back-off", "exchange-backing-off", "critical",
                $"{char.ToUpperInvariant(blind[0])}{blind[1..]}: every account behind this IP is blind until then; no order is placed, protected or read.",
                new Dictionary<string, string> { ["status"] = state.Exchange.BackOffStatus?.ToString(CultureInfo.InvariantCulture) ?? string.Empty }));
        }

        return conditions;
    }

    private static string WhyUnprotected(Position p) => p switch
    {
        { SymbolHalt: { } halt } => $"the symbol is {halt} at the exchange",
        { Protection: null } => "no list was placed yet",
        { Protection: { Status: ProtectionStatus.Failed } f } => $"its list was refused ({f.Problem}); retry at {f.RetryAt:O}",
        { Protection.Status: ProtectionStatus.Placing } => "its list's placement is not confirmed",
        _ => "its list ended and no new one is working yet",
    };

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
