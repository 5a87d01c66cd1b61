using System.Globalization;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>An in-memory ledger with the same version fence as the real one.</summary>
internal sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Dictionary<string, Versioned<RiskState>> _states = [];
    private readonly List<(string Account, AuditRecord Record)> _audit = [];
    private readonly Dictionary<(string Account, string Id), Position> _positions = [];
    private readonly Dictionary<(string Account, string Symbol), SymbolLock> _locks = [];
    private readonly Dictionary<(string Account, DateOnly Day), DailyPnl> _pnl = [];
    private readonly Dictionary<(string Account, string Id), Proposal> _proposals = [];
    private readonly Dictionary<string, ReconciliationReport> _reports = [];
    private readonly Dictionary<string, Versioned<AlertBook>> _alerts = [];
    private readonly SortedDictionary<(string Account, DateTimeOffset Hour), EquityPoint> _equity = [];
    private int _version;

    /// <summary>Runs before each commit is checked; lets a test slip in a competing writer.</summary>
    public Action? BeforeCommit { get; set; }

    public Exception? FailReadsWith { get; set; }

    public int Commits { get; private set; }

    /// <summary>Round trips a real store would make to read: state-row reads and partition loads.</summary>
    public int StateReads { get; private set; }

    public int Loads { get; private set; }

    public IReadOnlyList<AuditRecord> Audit(string account) => _audit.Where(a => a.Account == account).Select(a => a.Record).ToList();

    public RiskState? State(string account) => _states.TryGetValue(account, out var s) ? s.Value : null;

    public Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken)
    {
        StateReads++;
        if (FailReadsWith is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(_states.TryGetValue(account, out var state) ? state : (Versioned<RiskState>?)null);
    }

    public IReadOnlyList<DailyPnl> Pnl(string account) => _pnl.Where(p => p.Key.Account == account).Select(p => p.Value).ToList();

    public IReadOnlyList<Position> Positions(string account) => _positions.Where(p => p.Key.Account == account).Select(p => p.Value).OrderBy(p => p.Sequence).ToList();

    public Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken)
    {
        Loads++;
        if (FailReadsWith is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(new LedgerSnapshot(
            _states.TryGetValue(account, out var state) ? state : null,
            Positions(account),
            _locks.Where(l => l.Key.Account == account).Select(l => l.Value).ToList(),
            _pnl.Where(p => p.Key.Account == account).Select(p => p.Value).ToList())
        {
            Proposals = _proposals.Where(p => p.Key.Account == account).Select(p => p.Value).ToList(),
            Reconciliation = _reports.GetValueOrDefault(account),
            Alerts = _alerts.TryGetValue(account, out var book) ? book : null,
        });
    }

    public Task<string> SaveAlertsAsync(string account, AlertBook book, string? expectedVersion, CancellationToken cancellationToken)
    {
        var current = _alerts.TryGetValue(account, out var b) ? b.Version : null;
        if (current != expectedVersion)
        {
            throw new LedgerConcurrencyException($"alert book: expected {expectedVersion ?? "none"}, found {current ?? "none"}");
        }

        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        _alerts[account] = new Versioned<AlertBook>(book, version);
        return Task.FromResult(version);
    }

    public Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(string account, int limit, string? continuation, CancellationToken cancellationToken) =>
        Page(Audit(account).Reverse().ToList(), limit, continuation);

    public Task<(IReadOnlyList<EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(string account, DateTimeOffset since, DateTimeOffset until, int limit, string? continuation, CancellationToken cancellationToken) =>
        Page(_equity.Where(e => e.Key.Account == account && e.Key.Hour >= EquityPoint.HourOf(since) && e.Key.Hour <= EquityPoint.HourOf(until)).Select(e => e.Value).ToList(), limit, continuation);

    /// <summary>One page of <paramref name="all"/>; the token is how many rows came before the next page.</summary>
    private static Task<(IReadOnlyList<T>, string?)> Page<T>(List<T> all, int limit, string? continuation)
    {
        var skip = continuation is null ? 0 : int.Parse(continuation, CultureInfo.InvariantCulture);
        var page = all.Skip(skip).Take(limit).ToList();
        var next = skip + page.Count < all.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult<(IReadOnlyList<T>, string?)>((page, next));
    }

    public Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken)
    {

        var before = BeforeCommit;
        BeforeCommit = null;
        before?.Invoke();
        var account = change.State.Account;
        var current = _states.TryGetValue(account, out var s) ? s.Version : null;
        if (current != change.ExpectedVersion)
        {
            throw new LedgerConcurrencyException($"expected {change.ExpectedVersion ?? "none"}, found {current ?? "none"}");
        }

        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        _states[account] = new Versioned<RiskState>(change.State, version);
        _audit.AddRange(change.Audit.Select(a => (account, a)));
        foreach (var position in change.Positions)
        {
            _positions[(account, position.Id)] = position;
        }

        foreach (var symbolLock in change.Locks)
        {
            _locks[(account, symbolLock.Symbol)] = symbolLock;
        }

        foreach (var symbol in change.ReleasedLocks)
        {
            _locks.Remove((account, symbol));
        }

        if (change.Pnl is { } pnl)
        {
            _pnl[(account, pnl.Day)] = pnl;
        }

        foreach (var proposal in change.Proposals)
        {
            _proposals[(account, proposal.Id)] = proposal;
        }

        if (change.Reconciliation is { } report)
        {
            _reports[account] = report;
        }

        if (change.Equity is { } equity)
        {
            _equity[(account, equity.Hour)] = equity;
        }

        Commits++;
        return Task.FromResult(version);
    }

    public Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        _audit.AddRange(records.Select(a => (account, a)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>(Audit(account).Reverse().Take(limit).ToList());

    /// <summary>Writes a state row directly, as another process would.</summary>
    public void Put(RiskState state) =>
        _states[state.Account] = new Versioned<RiskState>(state, (++_version).ToString(CultureInfo.InvariantCulture));
}
