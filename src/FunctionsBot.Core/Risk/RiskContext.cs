using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Risk;

/// <summary>What the rules read: the ledger as loaded under the lease, the free quote balance and the time.</summary>
public sealed record RiskContext(RiskState State, IReadOnlyList<Position> Positions, IReadOnlyList<SymbolLock> Locks, decimal FreeQuote, DateTimeOffset Now)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}
