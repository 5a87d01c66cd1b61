using FunctionsBot.Core.Diagnostics;

namespace FunctionsBot.Core.Ledger;

/// <summary>
/// Read-modify-write on an account's ledger with optimistic concurrency: the change is recomputed from
/// fresh rows whenever another writer got there first, sealed into the audit chain, committed, and counted
/// in the metrics.
/// </summary>
public sealed class LedgerUpdater(ILedgerStore ledger, BotMetrics metrics, IAuditSeal? seal = null)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> to the current state row. The function returns <c>null</c> to
    /// write nothing. Returns the state as stored afterwards and whether it changed.
    /// </summary>
    public async Task<(RiskState State, bool Changed)> UpdateAsync(
        string account,
        Func<RiskState, (RiskState State, IReadOnlyList<AuditRecord> Audit)?> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var seen = RiskState.Initial(account);
        var committed = await CommitAsync(
            async () =>
            {
                var current = await ledger.FindStateAsync(account, cancellationToken).ConfigureAwait(false);
                seen = current?.Value ?? RiskState.Initial(account);
                return change(seen) is { } next ? new LedgerChange(next.State, current?.Version, next.Audit) : null;
            },
            cancellationToken).ConfigureAwait(false);
        return committed is null ? (seen, false) : (committed.State, true);
    }

    /// <summary>
    /// Builds a change from the whole partition (state, positions, locks) and commits it; <c>null</c> from the
    /// function writes nothing. Returns the committed change, or <c>null</c>.
    /// </summary>
    public Task<LedgerChange?> UpdateLedgerAsync(string account, Func<LedgerSnapshot, LedgerChange?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return CommitAsync(async () => change(await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false)), cancellationToken);
    }

    /// <summary>
    /// Seals <paramref name="change"/> onto the audit chain and commits it once, fenced by its expected version
    /// (no retry: a conflict is the caller's to handle), and counts its audit records. Every chained write of
    /// the bot goes through here.
    /// </summary>
    public async Task<(LedgerChange Sealed, string Version)> CommitOnceAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        var sealedChange = seal?.Seal(change) ?? AuditChain.Seal(change);
        var version = await ledger.CommitAsync(sealedChange, cancellationToken).ConfigureAwait(false);
        metrics.Committed(sealedChange.Audit);
        return (sealedChange, version);
    }

    /// <summary>Appends audit records that change no state (unchained, e.g. a skipped cycle) and counts them.</summary>
    public async Task AppendUnchainedAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await ledger.AppendAuditAsync(account, records, cancellationToken).ConfigureAwait(false);
        metrics.Committed(records);
    }

    private async Task<LedgerChange?> CommitAsync(Func<Task<LedgerChange?>> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await build().ConfigureAwait(false) is not { } change)
            {
                return null;
            }

            try
            {
                return (await CommitOnceAsync(change, cancellationToken).ConfigureAwait(false)).Sealed;
            }
            catch (LedgerConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another writer changed the state row; recompute from the fresh rows.
            }
        }
    }
}
