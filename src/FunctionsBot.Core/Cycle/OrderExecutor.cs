using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The execution stage, the write-ahead protocol: make sure the lease outlives the order call, commit the
/// intent (fenced), send the order once, book what happened. A failure to place leaves the intent to be
/// resolved by client order id; nothing is ever resent.
/// </summary>
public sealed partial class OrderExecutor(IExchange exchange, IntentLedger intents, CycleJournal journal, CrashInjector crash, ILogger<OrderExecutor> logger)
{
    /// <summary>Lease time kept beyond the exchange's own bound on an order call (clock drift, the fill's commit).</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>How much lease an order needs left before it is sent: the exchange's bound on the call plus the margin.</summary>
    private TimeSpan LeaseNeeded => exchange.OrderCallBound + LeaseMargin;

    internal async Task ExecuteAsync(CycleContext context, OrderPlan plan, CancellationToken cancellationToken)
    {
        await EnsureLeaseAsync(context, plan.Intent.Symbol, plan.ClientOrderId, cancellationToken).ConfigureAwait(false);
        crash.Reached(CrashPoint.BeforeIntent);
        await journal.CommitAsync(context, new LedgerChange(plan.IntentState, context.Version, [plan.IntentAudit]) { Positions = [plan.Intent] }, cancellationToken).ConfigureAwait(false);
        crash.Reached(CrashPoint.AfterIntent);
        await EnsureLeaseAsync(context, plan.Intent.Symbol, plan.ClientOrderId, cancellationToken).ConfigureAwait(false);

        // From here the order and its record are finished even if the host is shutting down: cancelling the
        // POST would turn a clean fill into an unknown outcome for recovery. The client's own per-attempt
        // timeout bounds the wait, and the lease was made to outlast it.
        var finish = CancellationToken.None;
        OrderOutcome outcome;
        try
        {
            outcome = await exchange.PlaceMarketOrderAsync(plan.Intent.Symbol, plan.Side, plan.Quantity, plan.ClientOrderId, finish).ConfigureAwait(false);
            context.SignedCallSucceeded = true;
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, finish).ConfigureAwait(false);
            if (ex.Execution == ExecutionStatus.Rejected)
            {
                await intents.AbandonAsync(context, plan.Intent, $"the exchange rejected {plan.ClientOrderId}: {ex.Message}", finish).ConfigureAwait(false);
            }
            else
            {
                await intents.StillUnknownAsync(context, plan.Intent, $"placement outcome unknown ({ex.Message}); it will be looked up by client order id, never resent", finish).ConfigureAwait(false);
            }

            return;
        }

        crash.Reached(CrashPoint.AfterPost);
        if (outcome.Progress == OrderProgress.Working)
        {
            // A MARKET order is done in the reply; if the exchange says otherwise, recovery asks again next cycle.
            await intents.StillUnknownAsync(context, plan.Intent, $"the exchange reported {plan.ClientOrderId} still working", finish).ConfigureAwait(false);
            return;
        }

        await intents.BookAsync(context, plan.Intent, outcome, plan.Market, AuditKind.OrderFilled, finish).ConfigureAwait(false);
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

    /// <summary>Stops before the order when the lease cannot outlast it: another holder could otherwise recover the intent while the order is still in flight.</summary>
    internal async Task EnsureLeaseAsync(CycleContext context, string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        if (!await context.Lease.EnsureRemainingAsync(LeaseNeeded, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseTooShort(symbol, clientOrderId, LeaseNeeded.TotalSeconds);
            throw new LeaseLostException();
        }
    }

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Order {ClientOrderId} on {Symbol} not sent: the lease cannot be held for the {Seconds} s the order call may take")]
    private partial void LogLeaseTooShort(string symbol, string clientOrderId, double seconds);
}
