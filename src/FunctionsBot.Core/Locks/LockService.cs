using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Locks;

/// <summary>Symbol locks as a person sees them: list, and release with an audited reason.</summary>
public sealed class LockService(ILedgerStore ledger, LedgerUpdater updater, IOptions<BotOptions> bot, TimeProvider time)
{
    public async Task<IReadOnlyList<SymbolLock>> ListAsync(CancellationToken cancellationToken) =>
        (await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false)).Locks;

    /// <summary>Removes the lock with this id (<c>lock-SYMBOL</c>); false when there is none.</summary>
    public async Task<bool> ReleaseAsync(string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var account = bot.Value.Account;
        var released = await updater.UpdateLedgerAsync(
            account,
            snapshot =>
            {
                if (snapshot.Locks.FirstOrDefault(l => l.Id == id) is not { } symbolLock)
                {
                    return null;
                }

                var audit = new AuditRecord(time.GetUtcNow(), AuditKind.SymbolUnlocked, actor, $"{symbolLock.Symbol} lock released by {actor} (was: {symbolLock.Reason}, until {symbolLock.Until:O}).");
                return new LedgerChange(snapshot.StateOrInitial(account), snapshot.State?.Version, [audit]) { ReleasedLocks = [symbolLock.Symbol] };
            },
            cancellationToken).ConfigureAwait(false);
        return released is not null;
    }
}
