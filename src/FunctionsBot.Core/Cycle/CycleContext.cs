using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The ledger as this cycle holds it: the state row with its version, positions and locks, updated after each
/// commit; and what the cycle learned of the market that later stages reuse (prices of commission assets).
/// </summary>
internal sealed class CycleContext(string account, ICycleLease lease, LedgerSnapshot snapshot)
{
    public string Account { get; } = account;

    public ICycleLease Lease { get; } = lease;

    public RiskState State { get; set; } = snapshot.StateOrInitial(account);

    public string? Version { get; set; } = snapshot.State?.Version;

    public List<Position> Positions { get; } = snapshot.Positions.ToList();

    public List<SymbolLock> Locks { get; } = snapshot.Locks.ToList();

    public IReadOnlyList<DailyPnl> Pnl { get; private set; } = snapshot.Pnl;

    /// <summary>Differences of the last reconciliation above tolerance that no person decided yet, as the cycle loaded the ledger.</summary>
    public int UndecidedDifferences { get; } = snapshot.Reconciliation?.Undecided(snapshot.Proposals) ?? 0;

    /// <summary>A signed exchange call (account, order) succeeded in this cycle: the exchange keys work.</summary>
    public bool SignedCallSucceeded { get; set; }

    /// <summary>A market-data read of this cycle failed and was counted: the reads go out together, so they count once.</summary>
    public bool MarketReadFailed { get; set; }

    /// <summary>Symbols whose OPOCO entry the exchange refused this cycle: their entry goes again on its own.</summary>
    public HashSet<string> OpocoRefused { get; } = new(StringComparer.Ordinal);

    /// <summary>Prices in the quote asset of assets commissions may be paid in, asked once per cycle.</summary>
    public Dictionary<string, decimal> AssetPrices { get; } = new(StringComparer.Ordinal);

    /// <summary>The last price of each symbol this cycle read, for the hour's equity point.</summary>
    public Dictionary<string, decimal> Marks { get; } = new(StringComparer.Ordinal);

    public void Apply(LedgerChange change, string version)
    {
        State = change.State;
        Version = version;
        foreach (var position in change.Positions)
        {
            Positions.RemoveAll(p => p.Sequence == position.Sequence);
            Positions.Add(position);
        }

        foreach (var symbolLock in change.Locks)
        {
            Locks.RemoveAll(l => l.Symbol == symbolLock.Symbol);
            Locks.Add(symbolLock);
        }

        Locks.RemoveAll(l => change.ReleasedLocks.Contains(l.Symbol));
        if (change.Pnl is { } pnl)
        {
            Pnl = [.. Pnl.Where(p => p.Day != pnl.Day), pnl];
        }
    }

    public void ThrowIfLeaseLost()
    {
        if (Lease.IsLost)
        {
            throw new LeaseLostException();
        }
    }
}
