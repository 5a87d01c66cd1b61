using System.Globalization;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

public sealed partial class TradeCycleRunner
{
    /// <summary>
    /// Resolves every intent a previous cycle left: found filled → commit what happened; ended without a
    /// fill → failed (entry) or back to open (exit); not found after the grace window → the same;
    /// not found yet, or the exchange cannot say → the symbol stays blocked and it is audited.
    /// "Not found" right after a placement is not proof of absence, hence the grace window.
    /// </summary>
    private async Task RecoverAsync(CycleContext context, CancellationToken cancellationToken)
    {
        foreach (var intent in context.Positions.Where(p => p.IsIntent).OrderBy(p => p.Sequence).ToList())
        {
            var entry = intent.Status == PositionStatus.Pending;
            var clientOrderId = entry ? intent.EntryClientOrderId : intent.ExitClientOrderId!;
            context.ThrowIfLeaseLost();
            OrderOutcome? found;
            try
            {
                found = await exchange.FindOrderAsync(intent.Symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                await RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
                await StillUnknownAsync(context, intent, clientOrderId, $"the exchange could not say ({ex.Message})", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var age = time.GetUtcNow() - (entry ? intent.CreatedAt : intent.ExitRequestedAt ?? intent.CreatedAt);
            var grace = TimeSpan.FromSeconds(riskOptions.Value.RecoveryGraceSeconds);
            switch (found)
            {
                case { Progress: OrderProgress.Filled } filled when entry:
                    await CommitEntryFillAsync(context, intent, filled, AuditKind.IntentRecovered, cancellationToken).ConfigureAwait(false);
                    break;
                case { Progress: OrderProgress.Filled } filled:
                    await CommitExitFillAsync(context, intent, filled, AuditKind.IntentRecovered, cancellationToken).ConfigureAwait(false);
                    break;
                case { Progress: OrderProgress.Ended }:
                    await AbandonIntentAsync(context, intent, $"order {clientOrderId} ended at the exchange with nothing executed", cancellationToken).ConfigureAwait(false);
                    break;
                case null when age > grace:
                    await AbandonIntentAsync(context, intent, $"order {clientOrderId} still does not exist {age.TotalSeconds:0} s after the intent (grace {grace.TotalSeconds:0} s, Risk__RecoveryGraceSeconds)", cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await StillUnknownAsync(context, intent, clientOrderId, found is null ? $"not found yet ({age.TotalSeconds:0} s old, grace {grace.TotalSeconds:0} s)" : "still working at the exchange", cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>An intent whose order definitely does not exist: an entry fails and releases its reservation; an exit returns to open.</summary>
    private async Task AbandonIntentAsync(CycleContext context, Position intent, string why, CancellationToken cancellationToken)
    {
        var entry = intent.Status == PositionStatus.Pending;
        var next = entry
            ? intent with { Status = PositionStatus.Failed, ClosedAt = time.GetUtcNow() }
            : intent with { Status = PositionStatus.Open, ExitClientOrderId = null, ExitRequestedAt = null, ExitReason = null };
        var state = entry ? context.State with { ReservedQuote = Math.Max(0, context.State.ReservedQuote - intent.ReservedQuote) } : context.State;
        await CommitAsync(
            context,
            new LedgerChange(state, context.Version, [Audit(AuditKind.IntentFailed, $"{intent.Symbol} {(entry ? "entry" : "exit")} intent #{intent.Sequence} given up: {why}.", PositionData(next))])
            {
                Positions = [next],
                ReleasedLocks = OwnLockOn(context, intent.Symbol),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The outcome is still unknown: keep the intent, block the symbol, audit it.</summary>
    private async Task StillUnknownAsync(CycleContext context, Position intent, string clientOrderId, string why, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var symbolLock = new SymbolLock(intent.Symbol, $"order {clientOrderId} outcome unknown", now.AddSeconds(riskOptions.Value.RecoveryGraceSeconds * 10), Actor, now);
        LogIntentUnknown(intent.Symbol, clientOrderId);
        await CommitAsync(
            context,
            new LedgerChange(context.State, context.Version, [Audit(AuditKind.IntentStillUnknown, $"{intent.Symbol} intent #{intent.Sequence} ({clientOrderId}) unresolved: {why}. The symbol stays blocked.", PositionData(intent))])
            {
                Locks = [symbolLock],
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The symbol's lock, when this cycle set it for an unknown outcome: released once the intent resolves.</summary>
    private static IReadOnlyList<string> OwnLockOn(CycleContext context, string symbol) =>
        context.Locks.Any(l => l.Symbol == symbol && l.CreatedBy == Actor) ? [symbol] : [];

    private static Dictionary<string, string> PositionData(Position p) => new()
    {
        ["position"] = p.Sequence.ToString(CultureInfo.InvariantCulture),
        ["symbol"] = p.Symbol,
        ["status"] = p.Status.ToString(),
        ["entryClientOrderId"] = p.EntryClientOrderId,
        ["exitClientOrderId"] = p.ExitClientOrderId ?? string.Empty,
        ["quantity"] = Text(p.Quantity),
        ["entryCost"] = Text(p.EntryCost),
        ["realizedPnl"] = p.RealizedPnl is { } pnl ? Text(pnl) : string.Empty,
    };
}
