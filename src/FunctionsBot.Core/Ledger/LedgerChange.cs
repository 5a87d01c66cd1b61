namespace FunctionsBot.Core.Ledger;

/// <summary>
/// A change to one account's ledger, committed atomically: the new state row, written only if the
/// stored row still has <see cref="ExpectedVersion"/> (<c>null</c>: the row must not exist yet), and
/// the audit records that describe the change.
/// </summary>
public sealed record LedgerChange(RiskState State, string? ExpectedVersion, IReadOnlyList<AuditRecord> Audit);
