namespace FunctionsBot.Core.Ledger;

/// <summary>
/// One append-only audit row. It is written in the same transaction as the change it describes;
/// <see cref="Data"/> carries the numbers (never a secret). Chained records carry their
/// <see cref="Sequence"/>, the previous record's hash and their own (see <see cref="AuditChain"/>);
/// a skipped cycle, which changes nothing, is recorded unchained.
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset At,
    AuditKind Kind,
    string Actor,
    string Message,
    IReadOnlyDictionary<string, string>? Data = null)
{
    public long? Sequence { get; init; }

    public string? PreviousHash { get; init; }

    public string? Hash { get; init; }
}
