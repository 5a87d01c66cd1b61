using FunctionsBot.Core.Reconciliation;

namespace FunctionsBot.Core.Ledger;

/// <summary>
/// A change to one account's ledger, committed atomically: the new state row, written only if the
/// stored row still has <see cref="ExpectedVersion"/> (<c>null</c>: the row must not exist yet), the
/// rows it touches and the audit records that describe it.
/// </summary>
public sealed record LedgerChange(RiskState State, string? ExpectedVersion, IReadOnlyList<AuditRecord> Audit)
{
    public IReadOnlyList<Position> Positions { get; init; } = [];

    public IReadOnlyList<SymbolLock> Locks { get; init; } = [];

    /// <summary>Symbols whose lock row is removed.</summary>
    public IReadOnlyList<string> ReleasedLocks { get; init; } = [];

    public DailyPnl? Pnl { get; init; }

    /// <summary>The hour's equity point, replacing an earlier one of the same hour.</summary>
    public EquityPoint? Equity { get; init; }

    /// <summary>Proposals written (added or decided).</summary>
    public IReadOnlyList<Proposal> Proposals { get; init; } = [];

    /// <summary>A reconciliation's result, replacing the last one.</summary>
    public ReconciliationReport? Reconciliation { get; init; }
}
