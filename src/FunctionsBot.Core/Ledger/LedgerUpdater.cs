namespace FunctionsBot.Core.Ledger;

/// <summary>
/// Read-modify-write on the state row with optimistic concurrency: the change is recomputed from
/// the fresh row whenever another writer got there first.
/// </summary>
public sealed class LedgerUpdater(ILedgerStore ledger)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> to the current state. The function returns <c>null</c> to
    /// write nothing. Returns the state as stored afterwards and whether it changed.
    /// </summary>
    public async Task<(RiskState State, bool Changed)> UpdateAsync(
        string account,
        Func<RiskState, (RiskState State, IReadOnlyList<AuditRecord> Audit)?> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ledger.FindStateAsync(account, cancellationToken).ConfigureAwait(false);
            var state = current?.Value ?? RiskState.Initial(account);
            if (change(state) is not { } next)
            {
                return (state, false);
            }

            try
            {
                var sealedChange = AuditChain.Seal(new LedgerChange(next.State, current?.Version, next.Audit));
                await ledger.CommitAsync(sealedChange, cancellationToken).ConfigureAwait(false);
                return (sealedChange.State, true);
            }
            catch (LedgerConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another writer changed the state row; recompute from the fresh row.
            }
        }
    }
}
