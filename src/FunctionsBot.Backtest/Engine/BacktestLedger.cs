using System.Globalization;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// The ledger in memory, with the real store's version fence. Memory stays flat over years: a closed position leaves the
/// snapshot the cycle loads (nothing in the cycle reads closed positions) for <see cref="Closed"/>, and audit records are
/// counted, risk refusals by rule, not kept (nor hashed: see <see cref="Seal"/>).
/// </summary>
internal sealed class BacktestLedger : ILedgerStore, IAuditSeal
{
    private readonly Dictionary<long, Position> _positions = [];
    private readonly Dictionary<DateOnly, DailyPnl> _pnl = [];

    /// <summary>The daily PnL rows as a load returns them: copied when a commit changes them, not on every cycle's load.</summary>
    private IReadOnlyList<DailyPnl> _pnlRows = [];
    private Versioned<RiskState>? _state;
    private long _version;

    public List<Position> Closed { get; } = [];

    public Dictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    public Dictionary<AuditKind, int> AuditCounts { get; } = [];

    public RiskState? State => _state?.Value;

    public IEnumerable<Position> Open => _positions.Values;

    /// <summary>
    /// Numbers the records as the chain would, without hashing them: this ledger keeps no trail to verify, and a SHA-256 per
    /// record was the largest single cost of a backtest's cycle.
    /// </summary>
    public LedgerChange Seal(LedgerChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sequence = change.State.AuditSequence + change.Audit.Count;
        return change with { State = change.State with { AuditSequence = sequence } };
    }

    public Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken) =>
        Task.FromResult(new LedgerSnapshot(_state, _positions.Values.OrderBy(p => p.Sequence).ToList(), [], _pnlRows));

    public Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken) => Task.FromResult(_state);

    public Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_state?.Version != change.ExpectedVersion)
        {
            throw new LedgerConcurrencyException($"expected {change.ExpectedVersion ?? "none"}, found {_state?.Version ?? "none"}");
        }

        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        _state = new Versioned<RiskState>(change.State, version);
        foreach (var position in change.Positions)
        {
            if (position.Status == PositionStatus.Closed)
            {
                _positions.Remove(position.Sequence);
                Closed.Add(position);
            }
            else
            {
                _positions[position.Sequence] = position;
            }
        }

        if (change.Pnl is { } pnl)
        {
            _pnl[pnl.Day] = pnl;
            _pnlRows = [.. _pnl.Values];
        }

        Count(change.Audit);
        return Task.FromResult(version);
    }

    public Task<string> SaveAlertsAsync(string account, AlertBook book, string? expectedVersion, CancellationToken cancellationToken) => Task.FromResult("alerts");

    public Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        Count(records);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

    public Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(string account, int limit, string? continuation, CancellationToken cancellationToken) =>
        Task.FromResult<(IReadOnlyList<AuditRecord>, string?)>(([], null));

    /// <summary>The backtest keeps its own equity curve from the exchange's account (<see cref="EquityCurve"/>), not the ledger's marks.</summary>
    public Task<(IReadOnlyList<Core.Ledger.EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(string account, DateTimeOffset since, DateTimeOffset until, int limit, string? continuation, CancellationToken cancellationToken) =>
        Task.FromResult<(IReadOnlyList<Core.Ledger.EquityPoint>, string?)>(([], null));

    private void Count(IReadOnlyList<AuditRecord> records)
    {
        foreach (var record in records)
        {
            AuditCounts[record.Kind] = AuditCounts.GetValueOrDefault(record.Kind) + 1;
            if (record.Kind == AuditKind.RiskRefused && record.Data?.TryGetValue("code", out var code) == true)
            {
                Refusals[code] = Refusals.GetValueOrDefault(code) + 1;
            }
        }
    }
}
