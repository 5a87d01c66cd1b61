namespace FunctionsBot.Core.Ledger;

/// <summary>Everything of an account but its audit trail, read in one partition query.</summary>
public sealed record LedgerSnapshot(Versioned<RiskState>? State, IReadOnlyList<Position> Positions, IReadOnlyList<SymbolLock> Locks, IReadOnlyList<DailyPnl> Pnl)
{
    public RiskState StateOrInitial(string account) => State?.Value ?? RiskState.Initial(account);
}
