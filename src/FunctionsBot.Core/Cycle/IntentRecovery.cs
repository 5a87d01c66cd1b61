using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The recovery stage: resolves everything a previous cycle may have sent without learning the outcome, by its client
/// id, under one grace rule (<see cref="RecoveryGrace"/>). An order: done (with or without fills) → booked; not found
/// after the grace window → given up; not found yet, still working, or the exchange cannot say → the symbol stays
/// blocked, audited. A protective list: open → the position is protected; ended → its legs are settled; not found
/// after the grace window → ended as never placed (looked up once more before its next attempt). Nothing is ever resent.
/// </summary>
public sealed partial class IntentRecovery(
    IExchange exchange, IProtectiveOrders lists, BookingMarketReader markets, IntentLedger intents, ListWatch watch, RecoveryGrace grace, ILogger<IntentRecovery> logger)
{
    internal async Task RecoverAsync(CycleContext context, CancellationToken cancellationToken)
    {
        foreach (var intent in context.Positions.Where(p => p.IsIntent).OrderBy(p => p.Sequence).ToList())
        {
            await RecoverOrderAsync(context, intent, cancellationToken).ConfigureAwait(false);
        }

        foreach (var position in context.Positions.Where(p => p.Status == PositionStatus.Open && p.Protection is { Status: ProtectionStatus.Placing }).OrderBy(p => p.Sequence).ToList())
        {
            await RecoverListAsync(context, position, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecoverOrderAsync(CycleContext context, Position intent, CancellationToken cancellationToken)
    {
        var clientOrderId = IntentLedger.ClientOrderIdOf(intent);
        context.ThrowIfLeaseLost();
        OrderOutcome? found;
        try
        {
            found = await exchange.FindOrderAsync(intent.Symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
            if (found is { Progress: not OrderProgress.Working })
            {
                var market = await markets.ReadAsync(context, intent.Symbol, cancellationToken).ConfigureAwait(false);
                await intents.BookAsync(context, intent, found, market, AuditKind.IntentRecovered, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        catch (ExchangeException ex)
        {
            await intents.ExchangeFailedAsync(context, ex, cancellationToken).ConfigureAwait(false);
            await intents.StillUnknownAsync(context, intent, $"the exchange could not say ({ex.Message})", cancellationToken).ConfigureAwait(false);
            return;
        }

        var verdict = grace.Judge(intent.Status == PositionStatus.Pending ? intent.CreatedAt : intent.ExitRequestedAt ?? intent.CreatedAt);
        if (found is null && verdict.Expired)
        {
            await intents.AbandonAsync(context, intent, $"order {clientOrderId} still does not exist {verdict}", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await intents.StillUnknownAsync(context, intent, found is null ? $"not found yet, {verdict}" : "still working at the exchange", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecoverListAsync(CycleContext context, Position position, CancellationToken cancellationToken)
    {
        var protection = position.Protection!;
        OrderListState? list;
        try
        {
            context.ThrowIfLeaseLost();
            list = await lists.FindListAsync(position.Symbol, protection.ListClientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await intents.ExchangeFailedAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (list is { IsExecuting: true })
        {
            await intents.ProtectionActiveAsync(context, position, list.OrderListId, "found at the exchange after its placement's outcome was unknown", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (list is not null)
        {
            // It was placed and has ended already: what its legs did is booked; the bot-side stop holds the rest.
            await watch.SettleAsync(context, position, release: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        var verdict = grace.Judge(protection.RequestedAt);
        if (!verdict.Expired)
        {
            LogNotFoundYet(position.Symbol, protection.ListClientOrderId);
            return;
        }

        await intents.CommitProtectionAsync(
            context, position with { Protection = protection with { Status = ProtectionStatus.Ended, Problem = Protection.NeverPlaced } }, AuditKind.ProtectionEnded,
            $"#{position.Sequence} {position.Symbol}: list {protection.ListClientOrderId} still does not exist {verdict}: it was never placed; a new one follows once it is looked up again.",
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1026, Level = LogLevel.Information, Message = "Protective list {ListClientOrderId} on {Symbol} not found yet; looked up again next cycle")]
    private partial void LogNotFoundYet(string symbol, string listClientOrderId);
}
