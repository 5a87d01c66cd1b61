namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The account ledger: one partition per account holding the state row and the audit trail.
/// Every change and its audit records commit in one transaction, fenced by the state row's version.
/// </summary>
public interface ILedgerStore
{
    /// <summary>The account's state row with its version, or <c>null</c> if none was written yet.</summary>
    Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state row and its audit records atomically and returns the new version.
    /// </summary>
    /// <exception cref="LedgerConcurrencyException">The state row's version no longer matches; nothing was written.</exception>
    Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken);

    /// <summary>Appends audit records that change no state (for example a skipped cycle), atomically.</summary>
    Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>The newest audit records first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken);
}
