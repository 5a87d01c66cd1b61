using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Ledger;

public sealed class LedgerUpdaterTests
{
    private static readonly AuditRecord Note = new(TestClock.Start, AuditKind.CycleCompleted, "test", "note");

    [Fact]
    public async Task UpdateAsync_AnotherWriterCommitsFirst_RecomputesFromTheFreshRow()
    {
        var ledger = new InMemoryLedgerStore();
        ledger.Put(RiskState.Initial("a") with { CycleCount = 1 });
        ledger.BeforeCommit = () => ledger.Put(ledger.State("a")! with { CycleCount = 10 });
        var seen = new List<long>();

        var (state, changed) = await new LedgerUpdater(ledger, TestMetrics.Create()).UpdateAsync(
            "a", s => { seen.Add(s.CycleCount); return (s with { CycleCount = s.CycleCount + 1 }, [Note]); }, CancellationToken.None);

        Assert.True(changed);
        Assert.Equal([1L, 10L], seen);
        Assert.Equal(11, state.CycleCount);
        Assert.Equal(11, ledger.State("a")!.CycleCount);
        Assert.Single(ledger.Audit("a"));
    }

    [Fact]
    public async Task UpdateAsync_ChangeReturnsNull_WritesNothing()
    {
        var ledger = new InMemoryLedgerStore();

        var (state, changed) = await new LedgerUpdater(ledger, TestMetrics.Create()).UpdateAsync("a", _ => null, CancellationToken.None);

        Assert.False(changed);
        Assert.Equal(RiskState.Initial("a"), state);
        Assert.Equal(0, ledger.Commits);
    }

    [Fact]
    public async Task UpdateAsync_ConflictOnEveryAttempt_GivesUpWithConcurrencyException()
    {
        var ledger = new AlwaysConflictingLedger();

        await Assert.ThrowsAsync<LedgerConcurrencyException>(() =>
            new LedgerUpdater(ledger, TestMetrics.Create()).UpdateAsync("a", s => (s, [Note]), CancellationToken.None));

        Assert.Equal(5, ledger.Attempts);
    }

    private sealed class AlwaysConflictingLedger : ILedgerStore
    {
        public int Attempts { get; private set; }

        public Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken) =>
            Task.FromResult<Versioned<RiskState>?>(null);

        public Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken)
        {
            Attempts++;
            throw new LedgerConcurrencyException("conflict");
        }

        public Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string> SaveAlertsAsync(string account, Core.Alerts.AlertBook book, string? expectedVersion, CancellationToken cancellationToken) =>
            throw new LedgerConcurrencyException("conflict");

        public Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken) =>
            Task.FromResult(new LedgerSnapshot(null, [], [], []));

        public Task<(IReadOnlyList<EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(string account, DateTimeOffset since, DateTimeOffset until, int limit, string? continuation, CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<EquityPoint>, string?)>(([], null));

        public Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(string account, int limit, string? continuation, CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<AuditRecord>, string?)>(([], null));

        public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AuditRecord>>([]);
    }
}
