using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Reconciliation;

public sealed class CorrectionServiceTests
{
    private const string Account = "main";
    private readonly FakeTimeProvider _time = TestClock.Create();
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeCycleLock _lock = new();

    [Fact]
    public async Task Approve_AWriteOff_ReducesThePositionAndWritesOffItsCostProRata_WithAuditAndLockRelease()
    {
        await SeedAsync(new Correction(CorrectionKind.WriteOffShortfall, "write off") { Allocations = [new Allocation(3, 0.25m)] });

        var decision = await Service().DecideAsync("rc-000000000001", approve: true, "alice", "withdrawn to a wallet", CancellationToken.None);

        Assert.Equal(DecisionOutcome.Applied, decision.Outcome);
        var position = _ledger.Positions(Account).Single();
        Assert.Equal((0.75m, 75m, 25m, PositionStatus.Open), (position.Quantity, position.HeldCost, position.DustWrittenOff, position.Status));
        Assert.Equal(-25m, _ledger.State(Account)!.DayRealizedPnl);
        var snapshot = await _ledger.LoadAsync(Account, CancellationToken.None);
        Assert.Empty(snapshot.Locks);
        Assert.Equal((ProposalStatus.Approved, "alice"), (snapshot.Proposals.Single().Status, snapshot.Proposals.Single().DecidedBy));
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.CorrectionApproved && a.Actor == "alice" && a.Data!["reason"] == "withdrawn to a wallet");
    }

    [Fact]
    public async Task Approve_AnAdoption_OpensAPositionFromTheFills_AndBooksTheOrderForTheNextComparison()
    {
        var at = _time.GetUtcNow().AddMinutes(-3);
        await SeedAsync(new Correction(CorrectionKind.AdoptOrder, "adopt")
        {
            ClientOrderId = "fb-hand-1", ExecutedQuantity = 0.5m, QuoteQuantity = 50m, CommissionInBase = 0.0005m, FeeInQuote = 0m, Fees = "BTC=0.0005", At = at,
        });

        var decision = await Service().DecideAsync("rc-000000000001", approve: true, "alice", "my order, keep it", CancellationToken.None);

        Assert.Equal(DecisionOutcome.Applied, decision.Outcome);
        var adopted = _ledger.Positions(Account).Single(p => p.Sequence == 4);
        Assert.Equal((PositionStatus.Open, 0.4995m, 50m, 100m, at), (adopted.Status, adopted.Quantity, adopted.EntryCost, adopted.EntryPrice, adopted.OpenedAt!.Value));
        Assert.Equal(4, _ledger.State(Account)!.PositionSequence);
        var booked = BookedOrders.From(_ledger.Audit(Account))["fb-hand-1"];
        Assert.Equal((0.5m, 50m, 0.0005m), (booked.ExecutedQuantity, booked.QuoteQuantity, booked.Fees!["BTC"]));
    }

    [Fact]
    public async Task Reject_ChangesNoPosition_AndASecondDecisionIsRefused()
    {
        await SeedAsync(new Correction(CorrectionKind.CloseSoldOutside, "sold") { Allocations = [new Allocation(3, 1m)], Price = 120m });
        var before = _ledger.Positions(Account);

        var decision = await Service().DecideAsync("rc-000000000001", approve: false, "bob", "not ours", CancellationToken.None);
        var again = await Service().DecideAsync("rc-000000000001", approve: true, "bob", "changed my mind", CancellationToken.None);

        Assert.Equal((DecisionOutcome.Dismissed, DecisionOutcome.AlreadyDecided), (decision.Outcome, again.Outcome));
        Assert.Equal(before, _ledger.Positions(Account));
    }

    [Fact]
    public async Task Approve_WhenThePositionChangedSinceTheProposal_AppliesNothing()
    {
        await SeedAsync(new Correction(CorrectionKind.CloseSoldOutside, "sold") { Allocations = [new Allocation(3, 2m)], Price = 120m });

        var decision = await Service().DecideAsync("rc-000000000001", approve: true, "alice", "sold", CancellationToken.None);

        Assert.Equal(DecisionOutcome.Stale, decision.Outcome);
        Assert.Equal(1m, _ledger.Positions(Account).Single().Quantity);
        Assert.Equal(ProposalStatus.Pending, (await _ledger.LoadAsync(Account, CancellationToken.None)).Proposals.Single().Status);
    }

    [Fact]
    public async Task Decide_WhileTheLeaseStaysBusy_FailsAndChangesNothing()
    {
        await SeedAsync(new Correction(CorrectionKind.Acknowledge, "ok"));
        _lock.Busy = true;
        var commits = _ledger.Commits;

        var deciding = Service(leaseWaitSeconds: 2).DecideAsync("rc-000000000001", approve: true, "alice", "fine", CancellationToken.None);
        for (var i = 0; i < 5 && !deciding.IsCompleted; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await Assert.ThrowsAsync<LeaseBusyException>(() => deciding);
        Assert.Equal(commits, _ledger.Commits);
    }

    private CorrectionService Service(int leaseWaitSeconds = 90) => new(
        _lock, _ledger, new LedgerUpdater(_ledger, TestMetrics.Create()), Options.Create(new ReconcileOptions { LeaseWaitSeconds = leaseWaitSeconds }),
        Options.Create(new BotOptions { Account = Account }), Options.Create(new StrategyOptions()), _time);

    private async Task SeedAsync(Correction correction)
    {
        var now = _time.GetUtcNow();
        var position = new Position
        {
            Sequence = 3, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = "fb-3-e",
            Quantity = 1m, EntryQuantity = 1m, EntryCost = 100m, HeldCost = 100m, EntryPrice = 100m, CreatedAt = now,
        };
        var proposal = new Proposal("rc-000000000001", "shortfall|BTC", DifferenceKind.AssetShortfall, "BTCUSDT", "short", 25m, correction, now);
        await new LedgerUpdater(_ledger, TestMetrics.Create()).CommitOnceAsync(
            new LedgerChange(RiskState.Initial(Account) with { PositionSequence = 3, TradingDay = DateOnly.FromDateTime(now.UtcDateTime) }, null, [new AuditRecord(now, AuditKind.Reconciled, "test", "seed")])
            {
                Positions = [position],
                Proposals = [proposal],
                Locks = [new SymbolLock("BTCUSDT", "reconciliation", now.AddYears(1), Reconciler.LockOwner, now)],
            },
            CancellationToken.None);
    }
}
