using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The cycle's writes to the ledger: each change fenced by the version the cycle holds, sealed onto the audit
/// chain, and refused once the lease is lost (a cycle that lost its lease writes nothing more). Also the
/// records every stage makes: the day roll, refusals, exchange failures (circuit breaker), and the cycle's own
/// outcome or skip.
/// </summary>
public sealed partial class CycleJournal(
    ILedgerStore ledger,
    LedgerUpdater updater,
    IOptions<RiskOptions> risk,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<CycleJournal> logger,
    IExchangeStatusSource? exchangeStatus = null)
{
    internal const string Actor = "trade-cycle";

    /// <summary>The sum of the last daily PnL rows seen: a backtest's ledger hands the same rows to every cycle of a day.</summary>
    private RealizedSum _realized = new([], 0m);

    internal Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken) => ledger.LoadAsync(account, cancellationToken);

    internal async Task CommitAsync(CycleContext context, LedgerChange change, CancellationToken cancellationToken)
    {
        context.ThrowIfLeaseLost();
        PositionTransitions.Check(context.Positions, change.Positions);
        ProtectionTransitions.Check(context.Positions, change.Positions);
        var positions = change.Positions.Select(p => p with { UnprotectedSinceCycle = p.IsUnprotected ? p.UnprotectedSinceCycle ?? change.State.CycleCount : null }).ToList();
        var (sealedChange, version) = await updater.CommitOnceAsync(change with { ExpectedVersion = context.Version, Positions = positions }, cancellationToken).ConfigureAwait(false);
        context.Apply(sealedChange, version);
    }

    internal Task CommitAsync(CycleContext context, RiskState state, AuditRecord audit, CancellationToken cancellationToken) =>
        CommitAsync(context, new LedgerChange(state, context.Version, [audit]), cancellationToken);

    internal AuditRecord Audit(AuditKind kind, string message, IReadOnlyDictionary<string, string>? data = null) =>
        new(time.GetUtcNow(), kind, Actor, message, data);

    /// <summary>At the first cycle of a UTC day the day's realized PnL starts at zero.</summary>
    internal Task RollDayAsync(CycleContext context, CancellationToken cancellationToken) =>
        ApplyAsync(context, new RiskEvent.DayStarted(time.GetUtcNow()), cancellationToken);

    /// <summary>Applies a risk event on its own: the new state and the audit records it owes, in one commit (none when nothing changed).</summary>
    private async Task ApplyAsync(CycleContext context, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var transition = RiskTransitions.Apply(context.State, riskEvent, risk.Value);
        if (transition.Notes.Count > 0)
        {
            await CommitAsync(context, new LedgerChange(transition.State, context.Version, Audits(transition)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The audit records a risk transition owes, stamped now by the cycle.</summary>
    internal IReadOnlyList<AuditRecord> Audits(RiskTransition transition) => [.. transition.Notes.Select(n => Audit(n.Kind, n.Message, n.Data))];

    /// <summary>Audits a refused entry or an exit the filters do not allow, with the decision's numbers.</summary>
    internal async Task RefuseAsync(CycleContext context, string symbol, RiskDecision decision, CancellationToken cancellationToken)
    {
        LogRefused(symbol, decision.Code, decision.Message);
        var data = decision.Numbers.ToDictionary(p => p.Key, p => p.Value);
        data["code"] = decision.Code?.ToString() ?? string.Empty;
        data["symbol"] = symbol;
        await CommitAsync(context, context.State, Audit(AuditKind.RiskRefused, $"{symbol} refused ({decision.Code}): {decision.Message}", data), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A filled order closes the breaker (and ends a probe): the closed breaker and, when it was not
    /// closed, its audit record go into the same commit as the fill.
    /// </summary>
    internal (RiskState State, IReadOnlyList<AuditRecord> Audit) CloseBreaker(RiskState state)
    {
        var transition = RiskTransitions.Apply(state, new RiskEvent.OrderFilled(time.GetUtcNow()), risk.Value);
        return (transition.State, Audits(transition));
    }

    /// <summary>
    /// Keys that cannot be read are recorded (once per problem); an outage counts toward the breaker (<see cref="RiskTransitions"/>).
    /// A refusal of the request itself changes nothing.
    /// </summary>
    internal async Task RecordExchangeFailureAsync(CycleContext context, ExchangeException failure, CancellationToken cancellationToken)
    {
        if (Credentials(failure) is { } credentials)
        {
            if (context.State.CredentialsProblem != credentials.Message)
            {
                await CommitAsync(
                    context,
                    context.State with { CredentialsProblem = credentials.Message },
                    Audit(AuditKind.CredentialsUnavailable, $"Signed exchange calls are not sent: {credentials.Message}"),
                    cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (failure.Failure == ExchangeFailure.Outage)
        {
            await ApplyAsync(context, new RiskEvent.ExchangeOutage(failure.Message, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records the cycle's outcome and the exchange adapter's status in one write, fenced by the version the cycle holds:
    /// no read first. When another writer moved the state row during the cycle (a kill switch, a lock release), the record
    /// is made again on top of what it wrote, so nothing it set is lost. Only while this cycle still holds the lease: a
    /// cycle that lost it writes nothing more.
    /// </summary>
    internal async Task<CycleResult> RecordCycleAsync(CycleContext context, DateTimeOffset startedAt, CycleOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        var data = new Dictionary<string, string>
        {
            ["outcome"] = outcome.ToString(),
            ["startedAt"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
            ["durationMs"] = ((long)(finishedAt - startedAt).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (error is not null)
        {
            data["error"] = error;
        }

        var audit = Audit(outcome == CycleOutcome.Completed ? AuditKind.CycleCompleted : AuditKind.CycleFailed, $"Cycle {outcome}.", data);
        var exchange = exchangeStatus?.Current();
        RiskState Recorded(RiskState state) => state with
        {
            LastCycle = new CycleRecord(startedAt, finishedAt, outcome),
            LastSuccessfulCycleAt = outcome == CycleOutcome.Completed ? finishedAt : state.LastSuccessfulCycleAt,
            CycleCount = state.CycleCount + 1,
            FailedCyclesInARow = outcome == CycleOutcome.Completed ? 0 : state.FailedCyclesInARow + 1,
            CredentialsProblem = context.SignedCallSucceeded ? null : state.CredentialsProblem,
            Exchange = exchange ?? state.Exchange,
        };

        RiskState recorded;
        try
        {
            // The hour's equity point rides in the cycle's own record: no round trip of its own.
            var equity = EquityPoint.Mark(Realized(context.Pnl), context.Positions, context.Marks, finishedAt);
            await CommitAsync(context, new LedgerChange(Recorded(context.State), context.Version, [audit]) { Equity = equity }, cancellationToken).ConfigureAwait(false);
            recorded = context.State;
        }
        catch (LedgerConcurrencyException)
        {
            context.ThrowIfLeaseLost();
            (recorded, _) = await updater.UpdateAsync(context.Account, state => (Recorded(state), [audit]), cancellationToken).ConfigureAwait(false);
        }

        metrics.Observe(LedgerGauges.Of(recorded, context.Positions, context.UndecidedDifferences, risk.Value, finishedAt));
        return new CycleResult(outcome, startedAt, finishedAt);
    }

    /// <summary>
    /// A skip is recorded unchained and without touching the state row: moving the state's version under the
    /// lease holder would fail the holder's next fenced write.
    /// </summary>
    internal Task RecordSkipAsync(string account, DateTimeOffset at, CancellationToken cancellationToken) =>
        updater.AppendUnchainedAsync(account, [new AuditRecord(at, AuditKind.CycleSkipped, Actor, "Cycle skipped: another holder has the account's lease.")], cancellationToken);

    private decimal Realized(IReadOnlyList<DailyPnl> rows)
    {
        var known = _realized;
        if (!ReferenceEquals(known.Rows, rows))
        {
            known = _realized = new RealizedSum(rows, rows.Sum(d => d.Realized));
        }

        return known.Sum;
    }

    private static CredentialsUnavailableException? Credentials(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is CredentialsUnavailableException credentials)
            {
                return credentials;
            }
        }

        return null;
    }

    internal static string Text(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    private sealed record RealizedSum(IReadOnlyList<DailyPnl> Rows, decimal Sum);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "{Symbol} refused ({Code}): {Reason}")]
    private partial void LogRefused(string symbol, RiskRejectionCode? code, string reason);
}
