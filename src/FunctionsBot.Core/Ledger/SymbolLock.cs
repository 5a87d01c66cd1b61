namespace FunctionsBot.Core.Ledger;

/// <summary>A per-symbol trading lock with a reason and an end; it survives restarts and a person can release it.</summary>
public sealed record SymbolLock(string Symbol, string Reason, DateTimeOffset Until, string CreatedBy, DateTimeOffset CreatedAt)
{
    public string Id => $"lock-{Symbol}";

    public bool IsActiveAt(DateTimeOffset now) => now < Until;
}
