using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Risk;

/// <summary>
/// Every change of the risk state as one pure function: the old state and an event in, the new state and the audit
/// records it owes out. A loss starts the cool-down; a day's loss at the limit latches the kill switch (only a person
/// re-arms it); outages count toward the breaker, which opens at the threshold or on a failed probe and closes on a
/// fill; a new UTC day starts its realized result at zero. The ledger applies the result in the commit of the change
/// that caused it.
/// </summary>
public static class RiskTransitions
{
    public static RiskTransition Apply(RiskState state, RiskEvent riskEvent, RiskOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        return riskEvent switch
        {
            RiskEvent.DayStarted e => DayStarted(state, e),
            RiskEvent.ResultBooked e => ResultBooked(state, e, options),
            RiskEvent.OrderFilled => OrderFilled(state),
            RiskEvent.ExchangeOutage e => Outage(state, e, options),
            _ => throw new ArgumentOutOfRangeException(nameof(riskEvent), riskEvent, "Not a risk event this state machine knows."),
        };
    }

    private static RiskTransition DayStarted(RiskState state, RiskEvent.DayStarted e)
    {
        var today = Day(e.At);
        if (state.TradingDay == today)
        {
            return new RiskTransition(state, []);
        }

        var previous = state.TradingDay is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none";
        return new RiskTransition(
            state with { TradingDay = today, DayRealizedPnl = 0m },
            [new RiskNote(AuditKind.DayRolled, $"Trading day {today:yyyy-MM-dd} (UTC) started; the previous day {previous} closed at {Text(state.DayRealizedPnl)} realized.")]);
    }

    private static RiskTransition ResultBooked(RiskState state, RiskEvent.ResultBooked e, RiskOptions options)
    {
        var today = Day(e.At);
        var dayPnl = state.RealizedOn(today) + e.Result;
        var notes = new List<RiskNote>();
        state = state with { TradingDay = today, DayRealizedPnl = dayPnl };
        if (e.Result < 0 && options.CooldownMinutes > 0)
        {
            state = state with { CooldownUntil = e.At.AddMinutes(options.CooldownMinutes) };
            notes.Add(new RiskNote(AuditKind.CooldownStarted, $"Losing trade ({Text(e.Result)}): no entries until {state.CooldownUntil:O} (Risk__CooldownMinutes = {options.CooldownMinutes})."));
        }

        var loss = -dayPnl;
        if (loss >= options.DailyLossLimitQuote && !state.KillSwitch.Active)
        {
            var why = RiskDecision.Limit(RiskRejectionCode.DailyLossLimit, $"Realized loss today ({today:yyyy-MM-dd} UTC)", loss, options.DailyLossLimitQuote, "Risk__DailyLossLimitQuote").Message;
            state = state with { KillSwitch = new KillSwitchState(true, e.At, "risk:daily-loss-limit", why, KillSwitchMode.BlockEntries) };
            notes.Add(new RiskNote(AuditKind.KillSwitchActivated, $"Daily loss limit breached; kill switch latched until a person re-arms it. {why}"));
        }

        return new RiskTransition(state, notes);
    }

    private static RiskTransition OrderFilled(RiskState state)
    {
        var breaker = state.Breaker;
        if (breaker.ConsecutiveFailures == 0 && breaker.OpenUntil is null)
        {
            return new RiskTransition(state, []);
        }

        return new RiskTransition(
            state with { Breaker = breaker with { ConsecutiveFailures = 0, OpenUntil = null } },
            [new RiskNote(AuditKind.BreakerClosed, $"An order filled; circuit breaker closed after {breaker.ConsecutiveFailures} consecutive failures (trips so far {breaker.Trips}).")]);
    }

    /// <summary>While the breaker is open, further failures belong to the same outage: entries are blocked already, nothing changes.</summary>
    private static RiskTransition Outage(RiskState state, RiskEvent.ExchangeOutage e, RiskOptions options)
    {
        var breaker = state.Breaker;
        if (breaker.IsOpenAt(e.At))
        {
            return new RiskTransition(state, []);
        }

        var failures = breaker.ConsecutiveFailures + 1;
        var probeFailed = breaker.IsHalfOpenAt(e.At);
        if (failures >= options.BreakerFailures || probeFailed)
        {
            var opened = new CircuitBreakerState(failures, e.At.AddSeconds(options.BreakerOpenSeconds), breaker.Trips + 1);
            return new RiskTransition(
                state with { Breaker = opened },
                [
                    new RiskNote(
                        AuditKind.BreakerOpened,
                        $"Circuit breaker opened until {opened.OpenUntil:O} after {failures} consecutive exchange failures ({(probeFailed ? "the probe failed" : $"threshold {options.BreakerFailures}, Risk__BreakerFailures")}); trip #{opened.Trips}. Last failure: {e.Message}",
                        new Dictionary<string, string>
                        {
                            ["failures"] = failures.ToString(CultureInfo.InvariantCulture),
                            ["trips"] = opened.Trips.ToString(CultureInfo.InvariantCulture),
                            ["openUntil"] = opened.OpenUntil!.Value.ToString("O", CultureInfo.InvariantCulture),
                        }),
                ]);
        }

        return new RiskTransition(
            state with { Breaker = breaker with { ConsecutiveFailures = failures } },
            [new RiskNote(AuditKind.OrderUnknown, $"Exchange failure {failures} of {options.BreakerFailures} before the breaker opens ({RiskDecision.Utilization(failures, options.BreakerFailures).ToString("0.#", CultureInfo.InvariantCulture)} %): {e.Message}")]);
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static string Text(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}

/// <summary>The risk state after an event, and the audit records the change owes (none when nothing changed).</summary>
public sealed record RiskTransition(RiskState State, IReadOnlyList<RiskNote> Notes);

/// <summary>One audit record a risk transition owes: its kind, message and numbers.</summary>
public sealed record RiskNote(AuditKind Kind, string Message, IReadOnlyDictionary<string, string>? Data = null);
