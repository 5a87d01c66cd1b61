using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The execution stage, the one write-ahead protocol for every order kind (a MARKET or LIMIT IOC order, a protective
/// OCO list, an entry with its OCO in one OPOCO list):
/// make sure the lease outlives the call, commit the intent (fenced), send it once, book what happened. An outcome
/// the exchange does not give is left to recovery, which finds the order or list by its client id; nothing is ever
/// resent, and a list declared never placed is looked up once more before its next attempt is sent.
/// </summary>
public sealed partial class OrderExecutor(
    IExchange exchange, IProtectiveOrders lists, IntentLedger intents, CycleJournal journal, CrashInjector crash, ILogger<OrderExecutor> logger)
{
    /// <summary>Lease time kept beyond the exchange's own bound on an order call (clock drift, the fill's commit).</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>How much lease an order needs left before it is sent: the exchange's bound on the call plus the margin.</summary>
    private TimeSpan LeaseNeeded => exchange.OrderCallBound + LeaseMargin;

    internal async Task ExecuteAsync(CycleContext context, OrderPlan plan, CancellationToken cancellationToken)
    {
        var list = plan.Order as PlannedOrder.Oco;
        if (list?.Supersedes is { } previous && await TurnedUpAsync(context, plan.Intent, previous, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var steps = list is null
            ? (Before: CrashPoint.BeforeIntent, After: CrashPoint.AfterIntent, Posted: CrashPoint.AfterPost)
            : (Before: CrashPoint.ProtectionBeforeIntent, After: CrashPoint.ProtectionAfterIntent, Posted: CrashPoint.ProtectionAfterPost);
        await EnsureLeaseAsync(context, plan, cancellationToken).ConfigureAwait(false);
        crash.Reached(steps.Before);
        await journal.CommitAsync(
            context,
            new LedgerChange(plan.IntentState, context.Version, [journal.Audit(plan.IntentKind, plan.IntentMessage, IntentLedger.PositionData(plan.Intent))]) { Positions = [plan.Intent] },
            cancellationToken).ConfigureAwait(false);
        crash.Reached(steps.After);
        await EnsureLeaseAsync(context, plan, cancellationToken).ConfigureAwait(false);

        // From here the order and its record are finished even if the host is shutting down: cancelling the
        // call would turn a clean outcome into an unknown one for recovery. The client's own per-attempt
        // timeout bounds the wait, and the lease was made to outlast it.
        var finish = CancellationToken.None;
        try
        {
            if (list is not null)
            {
                var orderListId = await lists.PlaceOcoAsync(list.Request, finish).ConfigureAwait(false);
                context.SignedCallSucceeded = true;
                crash.Reached(steps.Posted);
                crash.Reached(CrashPoint.ProtectionBeforeCommit);
                await intents.ProtectionActiveAsync(context, plan.Intent, orderListId, "placed", finish).ConfigureAwait(false);
                return;
            }

            var outcome = plan.Order switch
            {
                PlannedOrder.Opoco opoco => (await lists.PlaceOpocoAsync(opoco.Request, finish).ConfigureAwait(false)).Working,
                PlannedOrder.OneOrder { LimitPrice: { } limit } single => await exchange.PlaceLimitIocAsync(plan.Intent.Symbol, single.Side, single.Quantity, limit, single.ClientOrderId, finish).ConfigureAwait(false),
                PlannedOrder.OneOrder single => await exchange.PlaceMarketOrderAsync(plan.Intent.Symbol, single.Side, single.Quantity, single.ClientOrderId, finish).ConfigureAwait(false),
                var other => throw new InvalidOperationException($"Unknown planned order {other}."),
            };
            context.SignedCallSucceeded = true;
            crash.Reached(steps.Posted);
            if (outcome.Progress == OrderProgress.Working)
            {
                // A MARKET or IOC order is done in the reply; if the exchange says otherwise, recovery asks again next cycle.
                await intents.StillUnknownAsync(context, plan.Intent, $"the exchange reported {plan.Order.ClientId} still working", finish).ConfigureAwait(false);
                return;
            }

            await intents.BookAsync(context, plan.Intent, outcome, plan.Market, AuditKind.OrderFilled, finish).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, finish).ConfigureAwait(false);
            await NotPlacedAsync(context, plan, ex, finish).ConfigureAwait(false);
        }
    }

    /// <summary>Kill switch in Flatten mode: cancels the bot's open orders on the symbol, audited.</summary>
    internal async Task CancelBotOrdersAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        context.ThrowIfLeaseLost();
        try
        {
            var canceled = await exchange.CancelOpenOrdersAsync(symbol, ClientOrderIds.Prefix(context.Account), cancellationToken).ConfigureAwait(false);
            if (canceled > 0)
            {
                await journal.CommitAsync(context, context.State, journal.Audit(AuditKind.FlattenStep, $"Flatten: canceled {canceled} open orders on {symbol}."), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The call failed. Refused: an order's intent is given up, a list fails with back-off (the bot-side stop holds
    /// the position). Unknown: left to recovery by its client id; an order blocks its symbol until then.
    /// </summary>
    private Task NotPlacedAsync(CycleContext context, OrderPlan plan, ExchangeException failure, CancellationToken cancellationToken)
    {
        var id = plan.Order.ClientId;
        if (plan.Order is PlannedOrder.Opoco && failure is { Execution: ExecutionStatus.Rejected, Failure: ExchangeFailure.Refused })
        {
            // The exchange refused this list (not an outage, a rate limit or a timestamp): nothing was placed, and the entry
            // is planned again this cycle without its OCO, which follows on its own. Any other rejection gives the intent
            // up like a single order's, and the next entry tries the OPOCO again.
            context.OpocoRefused.Add(plan.Intent.Symbol);
            return intents.AbandonAsync(context, plan.Intent, $"the exchange refused the OPOCO {plan.Intent.Protection!.ListClientOrderId}: {failure.Message}; the entry goes again on its own, its OCO after it", cancellationToken);
        }

        return (plan.Order, failure.Execution) switch
        {
            (PlannedOrder.Oco, ExecutionStatus.Rejected) => intents.ProtectionFailedAsync(context, plan.Intent, plan.Intent.Protection!, $"the exchange refused {id}: {failure.Message}", cancellationToken),
            (PlannedOrder.Oco, _) => LogListUnknownAsync(plan.Intent.Symbol, id, failure.Message),
            (_, ExecutionStatus.Rejected) => intents.AbandonAsync(context, plan.Intent, $"the exchange rejected {id}: {failure.Message}", cancellationToken),
            _ => intents.StillUnknownAsync(context, plan.Intent, $"placement outcome unknown ({failure.Message}); it will be looked up by client order id, never resent", cancellationToken),
        };
    }

    private Task LogListUnknownAsync(string symbol, string listClientOrderId, string reason)
    {
        // Looked up by its list client id next cycle; until then the bot-side stop holds the position.
        LogPlacementUnknown(symbol, listClientOrderId, reason);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A list declared never placed is looked up once more before the next attempt: an exchange that answered "does not
    /// exist" past the grace window may still show it. Found open, it protects the position again; found ended, it is
    /// written ahead again and settled by the next cycle's recovery. Either way no second list is placed.
    /// </summary>
    private async Task<bool> TurnedUpAsync(CycleContext context, Position position, string previousListId, CancellationToken cancellationToken)
    {
        var previous = context.Positions.Single(p => p.Sequence == position.Sequence).Protection!;
        OrderListState? list;
        try
        {
            context.ThrowIfLeaseLost();
            list = await lists.FindListAsync(position.Symbol, previousListId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (list is null)
        {
            return false;
        }

        var found = position with { Protection = previous with { Problem = null } };
        if (list.IsExecuting)
        {
            await intents.ProtectionActiveAsync(context, found, list.OrderListId, "turned up after it was declared never placed", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await intents.CommitProtectionAsync(
                context, found with { Protection = found.Protection! with { Status = ProtectionStatus.Placing } }, AuditKind.ProtectionIntent,
                $"#{position.Sequence} {position.Symbol}: list {previousListId}, declared never placed, turned up at the exchange already ended; its legs are read next cycle.",
                cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Stops before the order when the lease cannot outlast it: another holder could otherwise recover the intent while the order is still in flight.</summary>
    private async Task EnsureLeaseAsync(CycleContext context, OrderPlan plan, CancellationToken cancellationToken)
    {
        if (!await context.Lease.EnsureRemainingAsync(LeaseNeeded, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseTooShort(plan.Intent.Symbol, plan.Order.ClientId, LeaseNeeded.TotalSeconds);
            throw new LeaseLostException();
        }
    }

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Order {ClientOrderId} on {Symbol} not sent: the lease cannot be held for the {Seconds} s the order call may take")]
    private partial void LogLeaseTooShort(string symbol, string clientOrderId, double seconds);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Protective list {ListClientOrderId} on {Symbol}: placement outcome unknown ({Reason}); it will be looked up by its client id, never resent")]
    private partial void LogPlacementUnknown(string symbol, string listClientOrderId, string reason);
}
