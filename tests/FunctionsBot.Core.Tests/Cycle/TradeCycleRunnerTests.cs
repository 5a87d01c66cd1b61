using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Cycle;

public sealed class TradeCycleRunnerTests
{
    private const string Account = "main";
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeCycleLock _lock = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = TestClock.Create();

    [Fact]
    public async Task RunAsync_LeaseFree_RecordsCompletedCycleWithItsAuditAndReleasesLease()
    {
        var result = await Runner().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        var state = _ledger.State(Account)!;
        Assert.Equal(1, state.CycleCount);
        Assert.Equal(TestClock.Start, state.LastSuccessfulCycleAt);
        Assert.Equal(CycleOutcome.Completed, state.LastCycle!.Outcome);
        var audit = _ledger.Audit(Account).Last();
        Assert.Equal(AuditKind.CycleCompleted, audit.Kind);
        Assert.Null(AuditChain.Verify(_ledger.Audit(Account).Reverse().ToList(), AuditHead.Of(state)));
        Assert.Equal("Completed", audit.Data!["outcome"]);
        Assert.True(_lock.LastLease!.Released);
    }

    [Fact]
    public async Task RunAsync_SecondCycle_UpdatesTheExistingStateRow()
    {
        var runner = Runner();
        await runner.RunAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1));

        await runner.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _ledger.State(Account)!.CycleCount);
        Assert.Equal(TestClock.Start.AddMinutes(1), _ledger.State(Account)!.LastSuccessfulCycleAt);
        Assert.Equal(2, _ledger.Audit(Account).Count(a => a.Kind == AuditKind.CycleCompleted));
    }

    [Fact]
    public async Task RunAsync_LeaseBusy_SkipsAndAuditsWithoutTouchingTheStateRow()
    {
        _ledger.Put(RiskState.Initial(Account) with { CycleCount = 5 });
        var version = (await _ledger.FindStateAsync(Account, CancellationToken.None))!.Value.Version;
        _lock.Busy = true;

        var result = await Runner().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CycleOutcome.Skipped, result.Outcome);
        Assert.Equal(version, (await _ledger.FindStateAsync(Account, CancellationToken.None))!.Value.Version);
        Assert.Equal(AuditKind.CycleSkipped, Assert.Single(_ledger.Audit(Account)).Kind);
    }

    [Fact]
    public async Task RunAsync_LeaseLostUnderTheCycle_StopsAndWritesNothingNotEvenItsRecord()
    {
        _lock.LoseLease = true;

        var result = await Runner().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CycleOutcome.LeaseLost, result.Outcome);
        Assert.Null(_ledger.State(Account));
        Assert.Empty(_ledger.Audit(Account));
        Assert.Equal(0, _ledger.Commits);
    }

    [Fact]
    public async Task RunAsync_KillSwitchFlippedDuringTheCycle_KeepsTheKillSwitchAndRecordsTheCycle()
    {
        _ledger.Put(RiskState.Initial(Account) with { TradingDay = DateOnly.FromDateTime(TestClock.Start.UtcDateTime) });
        var activated = new KillSwitchState(true, TestClock.Start, "alice", "halt");
        _ledger.BeforeCommit = () => _ledger.Put(_ledger.State(Account)! with { KillSwitch = activated });

        await Runner().RunAsync(TestContext.Current.CancellationToken);

        var state = _ledger.State(Account)!;
        Assert.Equal(activated, state.KillSwitch);
        Assert.Equal(1, state.CycleCount);
    }

    [Fact]
    public async Task RunAsync_IdleCycle_OneLoadOneCommit_NoStateRead_ItsHoursEquityPointInThatCommit()
    {
        _ledger.Put(RiskState.Initial(Account) with { TradingDay = DateOnly.FromDateTime(TestClock.Start.UtcDateTime) });

        var result = await Runner().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        Assert.Equal((1, 0, 1), (_ledger.Loads, _ledger.StateReads, _ledger.Commits));
        Assert.Equal(1, _ledger.State(Account)!.CycleCount);
        var (points, _) = await _ledger.ReadEquityPageAsync(Account, TestClock.Start.AddHours(-1), TestClock.Start.AddHours(1), 10, null, TestContext.Current.CancellationToken);
        var point = Assert.Single(points);
        Assert.Equal((EquityPoint.HourOf(TestClock.Start), result.FinishedAt, 0m), (point.Hour, point.At, point.Equity));
    }

    [Fact]
    public async Task RunAsync_LedgerUnreadable_RethrowsAndStillReleasesTheLease()
    {
        _ledger.FailReadsWith = new LedgerStoreException("storage down");

        await Assert.ThrowsAsync<LedgerStoreException>(() => Runner().RunAsync(TestContext.Current.CancellationToken));

        Assert.True(_lock.LastLease!.Released);
        Assert.Empty(_ledger.Audit(Account));
    }

    private TradeCycleRunner Runner() => TestRunner.Create(_lock, _ledger, new FakeExchange(), _time);
}
