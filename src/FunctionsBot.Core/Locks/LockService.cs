using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Locks;

/// <summary>Symbol locks as a person sees them: list, and release with an audited reason.</summary>
public sealed class LockService(ILedgerStore ledger, IOptions<BotOptions> bot, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public async Task<IReadOnlyList<SymbolLock>> ListAsync(CancellationToken cancellationToken) =>
        (await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false)).Locks;

    /// <summary>Removes the lock with this id (<c>lock-SYMBOL</c>); false when there is none.</summary>
    public async Task<bool> ReleaseAsync(string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var account = bot.Value.Account;
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false);
            if (snapshot.Locks.FirstOrDefault(l => l.Id == id) is not { } symbolLock)
            {
                return false;
            }

            var state = snapshot.StateOrInitial(account);
            var audit = new AuditRecord(time.GetUtcNow(), AuditKind.SymbolUnlocked, actor, $"{symbolLock.Symbol} lock released by {actor} (was: {symbolLock.Reason}, until {symbolLock.Until:O}).");
            try
            {
                await ledger.CommitAsync(
                    AuditChain.Seal(new LedgerChange(state, snapshot.State?.Version, [audit]) { ReleasedLocks = [symbolLock.Symbol] }),
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (LedgerConcurrencyException) when (attempt < MaxAttempts)
            {
                // The state row moved; reload and try again.
            }
        }
    }
}
