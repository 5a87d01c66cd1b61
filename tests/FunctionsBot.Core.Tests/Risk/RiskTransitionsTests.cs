using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Risk;

/// <summary>The risk state machine, transition by transition: old state + event → new state + the audit records owed.</summary>
public sealed class RiskTransitionsTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly RiskOptions Options = new() { DailyLossLimitQuote = 50m, CooldownMinutes = 5, BreakerFailures = 3, BreakerOpenSeconds = 120 };

    [Theory]
    [InlineData(0, 0, 5, false, false, 5)]
    [InlineData(0, 0, -5, true, false, -5)]
    [InlineData(0, -45, -4.99, true, false, -49.99)]
    [InlineData(0, -45, -5, true, true, -50)]
    [InlineData(0, -60, 20, false, false, -40)]
    [InlineData(-1, -45, -10, true, false, -10)]
    public void ResultBooked_AddsToTheDay_LossStartsCooldown_LimitLatches(int dayOffset, decimal before, decimal result, bool cooldown, bool latched, decimal after)
    {
        var state = RiskState.Initial("main") with { TradingDay = Today.AddDays(dayOffset), DayRealizedPnl = before };

        var transition = RiskTransitions.Apply(state, new RiskEvent.ResultBooked(result, Now), Options);

        Assert.Equal((after, Today), (transition.State.DayRealizedPnl, transition.State.TradingDay!.Value));
        Assert.Equal(cooldown ? Now.AddMinutes(5) : null, transition.State.CooldownUntil);
        Assert.Equal(latched, transition.State.KillSwitch.Active);
        Assert.Equal(
            [.. cooldown ? [AuditKind.CooldownStarted] : Array.Empty<AuditKind>(), .. latched ? [AuditKind.KillSwitchActivated] : Array.Empty<AuditKind>()],
            transition.Notes.Select(n => n.Kind));
    }

    [Fact]
    public void ResultBooked_AlreadyLatched_NoSecondLatch()
    {
        var state = RiskState.Initial("main") with { TradingDay = Today, DayRealizedPnl = -60, KillSwitch = new KillSwitchState(true, Now, "alice", "x", KillSwitchMode.BlockEntries) };

        var transition = RiskTransitions.Apply(state, new RiskEvent.ResultBooked(-1, Now), Options with { CooldownMinutes = 0 });

        Assert.Equal("alice", transition.State.KillSwitch.ChangedBy);
        Assert.Empty(transition.Notes);
    }

    [Theory]
    [InlineData(0, null, 0, 1, false, AuditKind.OrderUnknown)]
    [InlineData(2, null, 0, 3, true, AuditKind.BreakerOpened)]
    [InlineData(3, 60, 1, 3, true, null)]
    [InlineData(3, -1, 1, 4, true, AuditKind.BreakerOpened)]
    public void ExchangeOutage_CountsOpensAtTheThresholdOrAFailedProbe_SilentWhileOpen(int failures, int? openForSeconds, int trips, int failuresAfter, bool open, AuditKind? note)
    {
        var state = RiskState.Initial("main") with { Breaker = new CircuitBreakerState(failures, openForSeconds is { } s ? Now.AddSeconds(s) : null, trips) };

        var transition = RiskTransitions.Apply(state, new RiskEvent.ExchangeOutage("HTTP 503", Now), Options);

        Assert.Equal((failuresAfter, open), (transition.State.Breaker.ConsecutiveFailures, transition.State.Breaker.IsOpenAt(Now)));
        Assert.Equal(note is null ? [] : [note.Value], transition.Notes.Select(n => n.Kind));
        if (note == AuditKind.BreakerOpened)
        {
            Assert.Equal((trips + 1, Now.AddSeconds(120)), (transition.State.Breaker.Trips, transition.State.Breaker.OpenUntil!.Value));
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    public void OrderFilled_ClosesTheBreaker_AuditedOnlyWhenItWasNotClosed(int failures, bool audited)
    {
        var state = RiskState.Initial("main") with { Breaker = new CircuitBreakerState(failures, failures > 0 ? Now.AddSeconds(-1) : null, 1) };

        var transition = RiskTransitions.Apply(state, new RiskEvent.OrderFilled(Now), Options);

        Assert.Equal((0, (DateTimeOffset?)null, 1), (transition.State.Breaker.ConsecutiveFailures, transition.State.Breaker.OpenUntil, transition.State.Breaker.Trips));
        Assert.Equal(audited, transition.Notes.Any(n => n.Kind == AuditKind.BreakerClosed));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    public void DayStarted_ANewUtcDayStartsAtZero(int dayOffset, bool rolled)
    {
        var state = RiskState.Initial("main") with { TradingDay = Today.AddDays(dayOffset), DayRealizedPnl = -12 };

        var transition = RiskTransitions.Apply(state, new RiskEvent.DayStarted(Now), Options);

        Assert.Equal(rolled ? 0m : -12m, transition.State.DayRealizedPnl);
        Assert.Equal(rolled, transition.Notes.Any(n => n.Kind == AuditKind.DayRolled));
    }
}
