using FunctionsBot.Core.Bot;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.KillSwitch;

public sealed class KillSwitchServiceTests
{
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = TestClock.Create();
    private readonly FakeCycleLock _lock = new();

    [Fact]
    public async Task SetAsync_UnderTheAccountsLease_ReleasedAfterTheCommit()
    {
        await Service().SetAsync(true, "exchange incident", "alice", CancellationToken.None);

        Assert.True(_lock.LastLease!.Released);
        Assert.True(_ledger.State("main")!.KillSwitch.Active);
    }

    [Fact]
    public async Task SetAsync_LeaseBusyPastTheWait_StillLatches()
    {
        _lock.Busy = true;

        var setting = Service().SetAsync(true, "stuck cycle, stop now", "alice", CancellationToken.None);
        for (var i = 0; i < 40 && !setting.IsCompleted; i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True((await setting).Changed);
        Assert.True(_ledger.State("main")!.KillSwitch.Active);
    }

    [Fact]
    public async Task SetAsync_Activate_LatchesWithActorReasonAndOneAuditInTheSameCommit()
    {
        var change = await Service().SetAsync(true, "exchange incident", "alice", CancellationToken.None);

        Assert.True(change.Changed);
        Assert.Equal(new KillSwitchState(true, TestClock.Start, "alice", "exchange incident"), _ledger.State("main")!.KillSwitch);
        var audit = Assert.Single(_ledger.Audit("main"));
        Assert.Equal(AuditKind.KillSwitchActivated, audit.Kind);
        Assert.Equal("alice", audit.Actor);
        Assert.Contains("exchange incident", audit.Message, StringComparison.Ordinal);
        Assert.Equal(1, _ledger.Commits);
    }

    [Fact]
    public async Task SetAsync_ActivateWhenActive_ChangesNothingAndKeepsTheFirstActivation()
    {
        var service = Service();
        await service.SetAsync(true, "first", "alice", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var change = await service.SetAsync(true, "second", "bob", CancellationToken.None);

        Assert.False(change.Changed);
        Assert.Equal("alice", change.State.ChangedBy);
        Assert.Equal("first", _ledger.State("main")!.KillSwitch.Reason);
        Assert.Single(_ledger.Audit("main"));
    }

    [Fact]
    public async Task SetAsync_FlattenWhileBlockingEntries_Escalates_AuditedOnce_NeverBackToBlockEntriesWhileActive()
    {
        var service = Service();
        await service.SetAsync(true, "exchange incident", "alice", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var escalated = await service.SetAsync(true, "it got worse, close everything", "bob", CancellationToken.None, KillSwitchMode.Flatten);
        var again = await service.SetAsync(true, "close everything", "carol", CancellationToken.None, KillSwitchMode.Flatten);
        var milder = await service.SetAsync(true, "only block", "dave", CancellationToken.None);

        Assert.Equal((true, false, false), (escalated.Changed, again.Changed, milder.Changed));
        Assert.Equal(new KillSwitchState(true, TestClock.Start.AddMinutes(5), "bob", "it got worse, close everything", KillSwitchMode.Flatten), _ledger.State("main")!.KillSwitch);
        var audit = _ledger.Audit("main");
        Assert.Equal(2, audit.Count);
        Assert.Contains("escalated from BlockEntries", audit[^1].Message, StringComparison.Ordinal);
        Assert.Contains("alice", audit[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_DeactivateAfterActivate_RearmsAndAuditsWhoDidIt()
    {
        var service = Service();
        await service.SetAsync(true, "halt", "alice", CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        var change = await service.SetAsync(false, "incident over", "bob", CancellationToken.None);

        Assert.True(change.Changed);
        Assert.False((await service.GetAsync(CancellationToken.None)).Active);
        Assert.Equal([AuditKind.KillSwitchActivated, AuditKind.KillSwitchDeactivated], _ledger.Audit("main").Select(a => a.Kind));
        Assert.Equal(TestClock.Start.AddHours(1), _ledger.State("main")!.KillSwitch.ChangedAt);
    }

    [Fact]
    public async Task GetAsync_NoStateYet_IsArmed()
    {
        Assert.Equal(KillSwitchState.Armed, await Service().GetAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("", "alice")]
    [InlineData("   ", "alice")]
    [InlineData("reason", "")]
    public async Task SetAsync_BlankReasonOrActor_ThrowsAndWritesNothing(string reason, string actor)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Service().SetAsync(true, reason, actor, CancellationToken.None));

        Assert.Equal(0, _ledger.Commits);
    }

    private KillSwitchService Service() => new(
        _ledger, new LedgerUpdater(_ledger, TestMetrics.Create()), _lock, Options.Create(new BotOptions()), _time, NullLogger<KillSwitchService>.Instance);
}
