using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Reconciliation;

namespace FunctionsBot.Core.Ledger;

/// <summary>Everything of an account but its audit trail, read in one partition query.</summary>
public sealed record LedgerSnapshot(Versioned<RiskState>? State, IReadOnlyList<Position> Positions, IReadOnlyList<SymbolLock> Locks, IReadOnlyList<DailyPnl> Pnl)
{
    /// <summary>Proposed corrections, pending and decided.</summary>
    public IReadOnlyList<Proposal> Proposals { get; init; } = [];

    /// <summary>The last reconciliation, if one ran.</summary>
    public ReconciliationReport? Reconciliation { get; init; }

    /// <summary>What was alerted and is still open, with its version; null before the first alert.</summary>
    public Versioned<AlertBook>? Alerts { get; init; }

    public RiskState StateOrInitial(string account) => State?.Value ?? RiskState.Initial(account);
}
