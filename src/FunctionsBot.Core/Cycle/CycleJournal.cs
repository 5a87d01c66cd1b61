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

    internal Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken) => ledger.LoadAsync(account, cancellationToken);

    internal async Task CommitAsync(CycleContext context, LedgerChange change, CancellationToken cancellationToken)
    {
        context.ThrowIfLeaseLost();
        PositionTransitions.Check(context.Positions, change.Positions);
        var (sealedChange, version) = await updater.CommitOnceAsync(change with { ExpectedVersion = context.Version }, cancellationToken).ConfigureAwait(false);
        context.Apply(sealedChange, version);
    }

    internal Task CommitAsync(CycleContext context, RiskState state, AuditRecord audit, CancellationToken cancellationToken) =>
        CommitAsync(context, new LedgerChange(state, context.Version, [audit]), cancellationToken);

    internal AuditRecord Audit(AuditKind kind, string message, IReadOnlyDictionary<string, string>? data = null) =>
        new(time.GetUtcNow(), kind, Actor, message, data);

    /// <summary>At the first cycle of a UTC day the day's realized PnL starts at zero.</summary>
    internal async Task RollDayAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (context.State.TradingDay == today)
        {
            return;
        }

        var previous = context.State.TradingDay;
        await CommitAsync(
            context,
            context.State with { TradingDay = today, DayRealizedPnl = 0m },
            Audit(AuditKind.DayRolled, $"Trading day {today:yyyy-MM-dd} (UTC) started; the previous day {(previous is null ? "none" : previous.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} closed at {Text(context.State.DayRealizedPnl)} realized."),
            cancellationToken).ConfigureAwait(false);
    }

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
        var breaker = state.Breaker;
        if (breaker.ConsecutiveFailures == 0 && breaker.OpenUntil is null)
        {
            return (state, []);
        }

        return (
            state with { Breaker = breaker with { ConsecutiveFailures = 0, OpenUntil = null } },
            [Audit(AuditKind.BreakerClosed, $"An order filled; circuit breaker closed after {breaker.ConsecutiveFailures} consecutive failures (trips so far {breaker.Trips}).")]);
    }

    /// <summary>
    /// An outage counts toward the breaker; at the threshold (or a failed probe) it opens. While it is open,
    /// further failures belong to the same outage: entries are blocked already, so nothing is written.
    /// </summary>
    internal async Task RecordExchangeFailureAsync(CycleContext context, ExchangeException failure, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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

        var breaker = context.State.Breaker;
        if (failure.Failure != ExchangeFailure.Outage || breaker.IsOpenAt(now))
        {
            return;
        }

        var options = risk.Value;
        var failures = breaker.ConsecutiveFailures + 1;
        var probeFailed = breaker.IsHalfOpenAt(now);
        if (failures >= options.BreakerFailures || probeFailed)
        {
            var opened = new CircuitBreakerState(failures, now.AddSeconds(options.BreakerOpenSeconds), breaker.Trips + 1);
            await CommitAsync(
                context,
                context.State with { Breaker = opened },
                Audit(
                    AuditKind.BreakerOpened,
                    $"Circuit breaker opened until {opened.OpenUntil:O} after {failures} consecutive exchange failures ({(probeFailed ? "the probe failed" : $"threshold {options.BreakerFailures}, Risk__BreakerFailures")}); trip #{opened.Trips}. Last failure: {failure.Message}",
                    new Dictionary<string, string>
                    {
                        ["failures"] = failures.ToString(CultureInfo.InvariantCulture),
                        ["trips"] = opened.Trips.ToString(CultureInfo.InvariantCulture),
                        ["openUntil"] = opened.OpenUntil!.Value.ToString("O", CultureInfo.InvariantCulture),
                    }),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        await CommitAsync(
            context,
            context.State with { Breaker = breaker with { ConsecutiveFailures = failures } },
            Audit(AuditKind.OrderUnknown, $"Exchange failure {failures} of {options.BreakerFailures} before the breaker opens ({RiskDecision.Utilization(failures, options.BreakerFailures).ToString("0.#", CultureInfo.InvariantCulture)} %): {failure.Message}"),
            cancellationToken).ConfigureAwait(false);
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
            await CommitAsync(context, Recorded(context.State), audit, cancellationToken).ConfigureAwait(false);
            recorded = context.State;
        }
        catch (LedgerConcurrencyException)
        {
            context.ThrowIfLeaseLost();
            (recorded, _) = await updater.UpdateAsync(context.Account, state => (Recorded(state), [audit]), cancellationToken).ConfigureAwait(false);
        }

        metrics.Observe(LedgerGauges.Of(recorded, context.Positions, risk.Value, finishedAt));
        return new CycleResult(outcome, startedAt, finishedAt);
    }

    /// <summary>
    /// A skip is recorded unchained and without touching the state row: moving the state's version under the
    /// lease holder would fail the holder's next fenced write.
    /// </summary>
    internal Task RecordSkipAsync(string account, DateTimeOffset at, CancellationToken cancellationToken) =>
        updater.AppendUnchainedAsync(account, [new AuditRecord(at, AuditKind.CycleSkipped, Actor, "Cycle skipped: another holder has the account's lease.")], cancellationToken);

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

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "{Symbol} refused ({Code}): {Reason}")]
    private partial void LogRefused(string symbol, RiskRejectionCode? code, string reason);
}
