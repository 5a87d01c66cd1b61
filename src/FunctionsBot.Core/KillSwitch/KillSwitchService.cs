using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.KillSwitch;

/// <summary>
/// The manual kill switch. Activation latches in the state row; only an explicit deactivation
/// re-arms trading. Each transition and its audit row commit in one transaction, under the account's lease when it
/// can be had within <see cref="LeaseWait"/>, so a change never lands in the middle of a cycle.
/// </summary>
public sealed partial class KillSwitchService(
    ILedgerStore ledger,
    LedgerUpdater updater,
    ICycleLock cycleLock,
    IOptions<BotOptions> bot,
    TimeProvider time,
    ILogger<KillSwitchService> logger)
{
    /// <summary>The longest reason kept, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The longest actor name kept, in characters.</summary>
    public const int MaxActorLength = 200;

    /// <summary>
    /// How long a change waits for a running cycle to release the lease. After that it is written anyway: an emergency
    /// stop is never held back by a stuck cycle, and the state row's version still fences that cycle out.
    /// </summary>
    public static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(15);

    public async Task<KillSwitchState> GetAsync(CancellationToken cancellationToken)
    {
        var current = await ledger.FindStateAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false);
        return current?.Value.KillSwitch ?? KillSwitchState.Armed;
    }

    /// <summary>
    /// Activates or deactivates the kill switch, or escalates an active <see cref="KillSwitchMode.BlockEntries"/> switch to
    /// <see cref="KillSwitchMode.Flatten"/>. Asking for the state it already has (or a milder mode while active) changes
    /// nothing and reports <see cref="KillSwitchChange.Changed"/> as false.
    /// </summary>
    public async Task<KillSwitchChange> SetAsync(bool active, string reason, string actor, CancellationToken cancellationToken, KillSwitchMode mode = KillSwitchMode.BlockEntries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, MaxReasonLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(actor.Length, MaxActorLength);

        var account = bot.Value.Account;
        ICycleLease? lease = null;
        try
        {
            lease = await AccountLease.WaitAsync(cycleLock, account, LeaseWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseBusyException)
        {
            LogWritingWithoutLease(account, LeaseWait.TotalSeconds);
        }

        await using var held = lease;
        var (state, changed) = await updater.UpdateAsync(
            account,
            current =>
            {
                var escalates = active && current.KillSwitch is { Active: true, Mode: KillSwitchMode.BlockEntries } && mode == KillSwitchMode.Flatten;
                if (current.KillSwitch.Active == active && !escalates)
                {
                    return null;
                }

                var now = time.GetUtcNow();
                var next = new KillSwitchState(active, now, actor, reason, mode);
                var kind = active ? AuditKind.KillSwitchActivated : AuditKind.KillSwitchDeactivated;
                var message = escalates
                    ? $"Kill switch escalated from BlockEntries (since {current.KillSwitch.ChangedAt:O}, by {current.KillSwitch.ChangedBy}) to Flatten by {actor}: {reason}. Every position is closed at market until a person deactivates it."
                    : active
                    ? $"Kill switch activated ({mode}) by {actor}: {reason}. No new entries{(mode == KillSwitchMode.Flatten ? "; every position is closed at market" : string.Empty)} until a person deactivates it."
                    : $"Kill switch deactivated by {actor}: {reason}. Trading re-armed.";
                return (current with { KillSwitch = next }, [new AuditRecord(now, kind, actor, message)]);
            },
            cancellationToken).ConfigureAwait(false);

        if (changed)
        {
            LogKillSwitchChanged(account, active, actor);
        }

        return new KillSwitchChange(state.KillSwitch, changed);
    }
}
