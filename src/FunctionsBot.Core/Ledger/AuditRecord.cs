namespace FunctionsBot.Core.Ledger;

/// <summary>
/// One append-only audit row. It is written in the same transaction as the change it describes;
/// <see cref="Data"/> carries the numbers (never a secret).
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset At,
    AuditKind Kind,
    string Actor,
    string Message,
    IReadOnlyDictionary<string, string>? Data = null);
