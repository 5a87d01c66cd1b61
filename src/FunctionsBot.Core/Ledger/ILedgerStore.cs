namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The account ledger: one partition per account holding the state row and the audit trail.
/// Every change and its audit records commit in one transaction, fenced by the state row's version.
/// </summary>
public interface ILedgerStore
{
    /// <summary>State row, positions, locks and daily PnL of the account, in one partition query.</summary>
    Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken);

    /// <summary>The account's state row with its version, or <c>null</c> if none was written yet.</summary>
    Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state row, the rows it touches and its audit records atomically, as given (callers seal
    /// the audit records with <see cref="AuditChain.Seal"/>), and returns the new version.
    /// </summary>
    /// <exception cref="LedgerConcurrencyException">The state row's version no longer matches; nothing was written.</exception>
    Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the alert book (row <c>alerts</c>) if it still has <paramref name="expectedVersion"/> (null: it must not
    /// exist yet); returns the new version. It is apart from the state row: alerting never moves the cycle's fence.
    /// </summary>
    /// <exception cref="LedgerConcurrencyException">Another writer changed the book first.</exception>
    Task<string> SaveAlertsAsync(string account, Alerts.AlertBook book, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Appends audit records that change no state (for example a skipped cycle), atomically.</summary>
    Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>The newest audit records first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken);

    /// <summary>One page of the audit trail, newest first, and the token of the next page (null at the end).</summary>
    /// <exception cref="ArgumentException"><paramref name="continuation"/> is not a token this store issued for the account.</exception>
    Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(string account, int limit, string? continuation, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the hourly equity points from <paramref name="since"/> to <paramref name="until"/> (hours, inclusive), oldest
    /// first, and the token of the next page (null at the end).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="continuation"/> is not a token this store issued for the account.</exception>
    Task<(IReadOnlyList<EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(string account, DateTimeOffset since, DateTimeOffset until, int limit, string? continuation, CancellationToken cancellationToken);
}
