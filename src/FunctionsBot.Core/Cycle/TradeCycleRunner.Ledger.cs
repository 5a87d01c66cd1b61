using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

public sealed partial class TradeCycleRunner
{
    /// <summary>One fenced commit: the change is written only over the version this cycle holds, and sealed onto the audit chain.</summary>
    private async Task CommitAsync(CycleContext context, LedgerChange change, CancellationToken cancellationToken)
    {
        var (sealedChange, version) = await updater.CommitOnceAsync(change with { ExpectedVersion = context.Version }, cancellationToken).ConfigureAwait(false);
        context.Apply(sealedChange, version);
    }

    private Task CommitAsync(CycleContext context, RiskState state, AuditRecord audit, CancellationToken cancellationToken, Position? position = null) =>
        CommitAsync(context, new LedgerChange(state, context.Version, [audit]) { Positions = position is null ? [] : [position] }, cancellationToken);

    private AuditRecord Audit(AuditKind kind, string message, Dictionary<string, string>? data = null) =>
        new(time.GetUtcNow(), kind, Actor, message, data);

    /// <summary>At the first cycle of a UTC day the day's realized PnL starts at zero.</summary>
    private async Task RollDayAsync(CycleContext context, CancellationToken cancellationToken)
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
            Audit(AuditKind.DayRolled, $"Trading day {today:yyyy-MM-dd} (UTC) started; the previous day {(previous is null ? "none" : previous.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))} closed at {Text(context.State.DayRealizedPnl)} realized."),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A filled order closes the breaker (and ends a probe): the closed breaker and, when it was not
    /// closed, its audit record go into the same commit as the fill.
    /// </summary>
    private (RiskState State, IReadOnlyList<AuditRecord> Audit) CloseBreaker(RiskState state)
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
    private async Task RecordExchangeFailureAsync(CycleContext context, ExchangeException failure, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var breaker = context.State.Breaker;
        if (failure.Failure != ExchangeFailure.Outage || breaker.IsOpenAt(now))
        {
            return;
        }

        var options = riskOptions.Value;
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
                        ["failures"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["trips"] = opened.Trips.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["openUntil"] = opened.OpenUntil!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    }),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        await CommitAsync(
            context,
            context.State with { Breaker = breaker with { ConsecutiveFailures = failures } },
            Audit(AuditKind.OrderUnknown, $"Exchange failure {failures} of {options.BreakerFailures} before the breaker opens ({RiskUtilization(failures, options.BreakerFailures)} %): {failure.Message}"),
            cancellationToken).ConfigureAwait(false);
    }

    private static string RiskUtilization(int used, int limit) =>
        Risk.RiskDecision.Utilization(used, limit).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
