using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The protection stage: every open position is held by a SELL OCO at the exchange (take-profit LIMIT_MAKER, stop
/// STOP_LOSS_LIMIT), so a stopped host never leaves one without its stop.
/// <list type="bullet">
/// <item><b>Check</b> (each cycle): one <c>openOrderList</c> for the account; only a list that left it is read leg by
/// leg. A leg's fills are booked as the position's exit; a leg still working after its list ended (a stop that
/// triggered and rests below its limit) is canceled, what it sold booked, and the rest sold at market.</item>
/// <item><b>Place</b>: write-ahead like every order (the list's ids commit before the POST; an unknown outcome is
/// resolved by the list's client id, never by resending); a list that cannot be placed leaves the bot-side stop in
/// charge, audited, and is tried again with back-off.</item>
/// <item><b>Release</b> (before any exit the bot sells itself): the list is canceled first; when a leg traded
/// meanwhile, that fill is booked instead.</item>
/// </list>
/// </summary>
public sealed partial class ProtectionKeeper(
    IExchange exchange,
    IProtectiveOrders lists,
    BookingMarketReader markets,
    IntentLedger intents,
    OrderPlanner planner,
    OrderExecutor executor,
    CycleJournal journal,
    CrashInjector crash,
    IOptions<StrategyOptions> strategy,
    IOptions<BotOptions> bot,
    IOptions<RiskOptions> risk,
    TimeProvider time,
    ILogger<ProtectionKeeper> logger)
{
    /// <summary>The first wait after a list could not be placed; it doubles with each failure in a row up to <see cref="LongestRetry"/>.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(30);

    private const string NeverPlaced = "never placed";

    /// <summary>New lists are placed in <c>Exchange</c> mode on an exchange that has them (Paper mode keeps no orders).</summary>
    public static bool Places(StrategyOptions strategy, BotOptions bot) =>
        strategy.Protection == ProtectionMode.Exchange && bot.Mode != TradingMode.Paper;

    /// <summary>The position's stop and take-profit are held by a list at the exchange, not by the cycle's price check.</summary>
    internal static bool HeldAtExchange(Position position) => position.Protection is { Status: ProtectionStatus.Active };

    /// <summary>Learns what became of every list the ledger expects at the exchange, and books it.</summary>
    internal async Task CheckAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var watched = context.Positions.Where(p => p.Status == PositionStatus.Open && p.Protection is { MayBeWorking: true }).OrderBy(p => p.Sequence).ToList();
        if (watched.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, long> open;
        try
        {
            context.ThrowIfLeaseLost();
            open = await lists.GetOpenListsAsync(cancellationToken).ConfigureAwait(false);
            context.SignedCallSucceeded = true;
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var position in watched)
        {
            var protection = position.Protection!;
            if (open.TryGetValue(protection.ListClientOrderId, out var orderListId))
            {
                if (protection.Status == ProtectionStatus.Placing)
                {
                    await ActivateAsync(context, position, orderListId, "found at the exchange after its placement's outcome was unknown", cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (await SettleAsync(context, position, cancellationToken).ConfigureAwait(false) is { StopLeftWorking: true, Position: { Status: PositionStatus.Open } rest })
            {
                // The stop triggered but the price fell through its limit: the bot sells the rest itself.
                if (await planner.PlanExitAsync(context, rest, "stop-loss (the exchange's stop triggered; its limit did not fill)", cancellationToken).ConfigureAwait(false) is { } plan)
                {
                    await executor.ExecuteAsync(context, plan, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Places a list for each open position of the symbol that has none (a new entry, the rest of a partial exit, a retry that is due).</summary>
    internal async Task EnsureAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        if (!Places(strategy.Value, bot.Value))
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var position in context.Positions.Where(p => p.Symbol == symbol && p.Status == PositionStatus.Open && NeedsList(p, now)).OrderBy(p => p.Sequence).ToList())
        {
            await PlaceAsync(context, position, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Frees the position for an exit the bot sells itself: its list is canceled first (audited). When the cancel
    /// fails because the list ended, its legs are read and what they sold is booked. Returns the position to sell
    /// (its rest), or null when nothing is left to sell or the exchange cannot say yet.
    /// </summary>
    internal async Task<Position?> ReleaseAsync(CycleContext context, Position position, string reason, CancellationToken cancellationToken)
    {
        if (position.Protection is not { MayBeWorking: true } protection)
        {
            return position;
        }

        bool canceled;
        try
        {
            context.ThrowIfLeaseLost();
            canceled = await lists.CancelListAsync(position.Symbol, protection.ListClientOrderId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            // Leg by leg instead: each working leg canceled on its own, what it sold booked, and the rest sold in this pass.
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            LogNotReleased(position.Symbol, protection.ListClientOrderId, ex.Message);
            var legs = await EndLegsAsync(context, position, release: true, cancellationToken).ConfigureAwait(false);
            return legs is { Position: { Status: PositionStatus.Open } left } ? left : null;
        }

        if (canceled)
        {
            var next = position with { Protection = protection with { Status = ProtectionStatus.Ended } };
            await CommitAsync(
                context, next, AuditKind.ProtectionCanceled,
                $"#{position.Sequence} {position.Symbol}: protective list {protection.ListClientOrderId} canceled before the exit ({reason}).", cancellationToken).ConfigureAwait(false);
            return next;
        }

        var settled = await SettleAsync(context, position, cancellationToken).ConfigureAwait(false);
        return settled is { Position: { Status: PositionStatus.Open } rest } ? rest : null;
    }

    private static bool NeedsList(Position p, DateTimeOffset now) =>
        p is { StopPrice: not null, TakeProfitPrice: not null }
        && (p.Protection is null or { Status: ProtectionStatus.Ended } || (p.Protection is { Status: ProtectionStatus.Failed, RetryAt: { } retry } && retry <= now));

    private async Task PlaceAsync(CycleContext context, Position position, CancellationToken cancellationToken)
    {
        if (await TurnedUpAsync(context, position, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var attempt = (position.Protection?.Attempt ?? 0) + 1;
        var listId = ClientOrderIds.ProtectionList(context.Account, position.Sequence, attempt);
        BookingMarket market;
        decimal free;
        decimal last;
        try
        {
            context.ThrowIfLeaseLost();
            var read = markets.ReadWithFreeBaseAsync(context, position.Symbol, cancellationToken);
            var price = exchange.GetPriceAsync(position.Symbol, cancellationToken);
            await Task.WhenAll(read, price).ConfigureAwait(false);
            (market, free) = await read.ConfigureAwait(false);
            last = await price.ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        var openStops = context.Positions.Count(p => p.Symbol == position.Symbol && p.Protection is { MayBeWorking: true });
        var shape = ProtectionShaper.Shape(
            market.Rules, Math.Min(position.Quantity, free), position.StopPrice!.Value, position.TakeProfitPrice!.Value, strategy.Value.StopLimitOffsetPercent, last,
            new ShapingContext(market.AveragePrice, 0), openStops);
        var protection = new Protection
        {
            Attempt = attempt,
            Status = ProtectionStatus.Placing,
            ListClientOrderId = listId,
            Quantity = shape.Quantity,
            StopPrice = shape.StopPrice,
            StopLimitPrice = shape.StopLimitPrice,
            TakeProfitPrice = shape.TakeProfitPrice,
            RequestedAt = time.GetUtcNow(),
            Failures = position.Protection?.Failures ?? 0,
        };
        if (shape.Problem is { } problem)
        {
            if (!PositionBooking.CanSell(position.Quantity, position.Symbol, market))
            {
                await intents.WriteOffAsync(context, position, $"its protective list fails the exchange filters: {problem}", cancellationToken).ConfigureAwait(false);
                return;
            }

            await FailAsync(context, position, protection, problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        await executor.EnsureLeaseAsync(context, position.Symbol, listId, cancellationToken).ConfigureAwait(false);
        crash.Reached(CrashPoint.ProtectionBeforeIntent);
        var placing = position with { Protection = protection };
        await CommitAsync(
            context, placing, AuditKind.ProtectionIntent,
            $"Protection intent #{position.Sequence}: SELL OCO {T(protection.Quantity)} {position.Symbol}, take-profit {T(protection.TakeProfitPrice)} (LIMIT_MAKER), stop {T(protection.StopPrice)} with limit {T(protection.StopLimitPrice)} (STOP_LOSS_LIMIT), as {listId}.",
            cancellationToken).ConfigureAwait(false);
        crash.Reached(CrashPoint.ProtectionAfterIntent);
        await executor.EnsureLeaseAsync(context, position.Symbol, listId, cancellationToken).ConfigureAwait(false);

        // As with an order: once sent, the list and its record are finished even if the host is shutting down.
        var finish = CancellationToken.None;
        long orderListId;
        try
        {
            orderListId = await lists.PlaceOcoAsync(
                new OcoRequest(position.Symbol, protection.Quantity, listId, protection.TakeProfitClientOrderId, protection.TakeProfitPrice, protection.StopClientOrderId, protection.StopPrice, protection.StopLimitPrice),
                finish).ConfigureAwait(false);
            context.SignedCallSucceeded = true;
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, finish).ConfigureAwait(false);
            if (ex.Execution == ExecutionStatus.Rejected)
            {
                await FailAsync(context, placing, protection, $"the exchange refused {listId}: {ex.Message}", finish).ConfigureAwait(false);
            }
            else
            {
                // Looked up by its list client id next cycle; until then the bot-side stop holds the position.
                LogPlacementUnknown(position.Symbol, listId, ex.Message);
            }

            return;
        }

        crash.Reached(CrashPoint.ProtectionAfterPost);
        crash.Reached(CrashPoint.ProtectionBeforeCommit);
        await ActivateAsync(context, placing, orderListId, "placed", finish).ConfigureAwait(false);
    }

    /// <summary>
    /// A list declared never placed is looked up once more before the next attempt: an exchange that answered "does not
    /// exist" past the grace window may still show it. Found open, it protects the position again; found ended, it is
    /// settled by the next check. Either way no second list is placed.
    /// </summary>
    private async Task<bool> TurnedUpAsync(CycleContext context, Position position, CancellationToken cancellationToken)
    {
        if (position.Protection is not { Status: ProtectionStatus.Ended, Problem: NeverPlaced } previous)
        {
            return false;
        }

        OrderListState? list;
        try
        {
            context.ThrowIfLeaseLost();
            list = await lists.FindListAsync(position.Symbol, previous.ListClientOrderId, cancellationToken).ConfigureAwait(false);
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

        var found = position with { Protection = previous with { Status = ProtectionStatus.Placing, Problem = null } };
        if (list.IsExecuting)
        {
            await ActivateAsync(context, found, list.OrderListId, "turned up after it was declared never placed", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CommitAsync(
                context, found, AuditKind.ProtectionIntent,
                $"#{position.Sequence} {position.Symbol}: list {previous.ListClientOrderId}, declared never placed, turned up at the exchange already ended; its legs are read next cycle.",
                cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task ActivateAsync(CycleContext context, Position position, long orderListId, string how, CancellationToken cancellationToken)
    {
        var protection = position.Protection!;
        var next = position with { Protection = protection with { Status = ProtectionStatus.Active, OrderListId = orderListId, Problem = null, Failures = 0, RetryAt = null } };
        await CommitAsync(
            context, next, AuditKind.ProtectionPlaced,
            $"#{position.Sequence} {position.Symbol} protected at the exchange: list {protection.ListClientOrderId} (#{orderListId}) {how}; {T(protection.Quantity)} sells at {T(protection.TakeProfitPrice)} or, below {T(protection.StopPrice)}, at {T(protection.StopLimitPrice)} or better.",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(CycleContext context, Position position, Protection protection, string problem, CancellationToken cancellationToken)
    {
        var failures = protection.Failures + 1;
        var wait = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(failures - 1, 20))));
        var retry = time.GetUtcNow() + wait;
        var next = position with { Protection = protection with { Status = ProtectionStatus.Failed, Problem = problem, Failures = failures, RetryAt = retry } };
        LogUnprotected(position.Symbol, position.Sequence, problem);
        await CommitAsync(
            context, next, AuditKind.ProtectionFailed,
            $"#{position.Sequence} {position.Symbol} is not protected at the exchange: {problem} The bot-side stop {T(position.StopPrice ?? 0)} and take-profit {T(position.TakeProfitPrice ?? 0)} hold it; placement is tried again at {retry:O} (failure {failures} in a row).",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A list that is no longer open: reads its legs (a leg still working is canceled first) and books what they
    /// sold, ending the protection. Null when the exchange cannot say yet (the list or a leg not visible yet, still
    /// working after a cancel, a failed call).
    /// </summary>
    private async Task<(Position Position, bool StopLeftWorking)?> SettleAsync(CycleContext context, Position position, CancellationToken cancellationToken)
    {
        var protection = position.Protection!;
        try
        {
            context.ThrowIfLeaseLost();
            var list = await lists.FindListAsync(position.Symbol, protection.ListClientOrderId, cancellationToken).ConfigureAwait(false);
            if (list is { IsExecuting: true })
            {
                // openOrderList lags behind the list's own status: the list is open, nothing to settle.
                if (protection.Status == ProtectionStatus.Placing)
                {
                    await ActivateAsync(context, position, list.OrderListId, "found at the exchange after its placement's outcome was unknown", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    LogListStillOpen(position.Symbol, protection.ListClientOrderId);
                }

                return null;
            }

            if (list is null && protection.Status == ProtectionStatus.Active)
            {
                LogNotFoundYet(position.Symbol, protection.ListClientOrderId);
                return null;
            }

            if (list is null)
            {
                var age = time.GetUtcNow() - protection.RequestedAt;
                var grace = TimeSpan.FromSeconds(risk.Value.RecoveryGraceSeconds);
                if (age <= grace)
                {
                    LogNotFoundYet(position.Symbol, protection.ListClientOrderId);
                    return null;
                }

                var never = position with { Protection = protection with { Status = ProtectionStatus.Ended, Problem = NeverPlaced } };
                await CommitAsync(
                    context, never, AuditKind.ProtectionEnded,
                    $"#{position.Sequence} {position.Symbol}: list {protection.ListClientOrderId} still does not exist {age.TotalSeconds:0} s after it was written (grace {grace.TotalSeconds:0} s): it was never placed; a new one follows.",
                    cancellationToken).ConfigureAwait(false);
                return (never, false);
            }

        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return await EndLegsAsync(context, position, release: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the list's legs (a leg still working is canceled first: after its list ended, or every one when
    /// <paramref name="release"/> frees the position for an exit) and books what they sold, ending the protection.
    /// Null when the exchange cannot say yet.
    /// </summary>
    private async Task<(Position Position, bool StopLeftWorking)?> EndLegsAsync(CycleContext context, Position position, bool release, CancellationToken cancellationToken)
    {
        var protection = position.Protection!;
        try
        {
            var stop = await FinishLegAsync(context, position, protection.StopClientOrderId, release, cancellationToken).ConfigureAwait(false);
            var takeProfit = await FinishLegAsync(context, position, protection.TakeProfitClientOrderId, release, cancellationToken).ConfigureAwait(false);
            if (stop is not { } stopLeg || takeProfit is not { } takeProfitLeg)
            {
                return null;
            }

            var stopTriggered = stopLeg.WasWorking && !release;

            var current = position;
            var ended = protection with { Status = ProtectionStatus.Ended };
            var sold = new[] { (Leg: stopLeg.Outcome, Reason: "stop-loss at the exchange"), (Leg: takeProfitLeg.Outcome, Reason: "take-profit at the exchange") }
                .Where(l => l.Leg.ExecutedQuantity > 0).ToList();
            if (sold.Count == 0)
            {
                current = position with { Protection = ended };
                await CommitAsync(
                    context, current, AuditKind.ProtectionEnded,
                    release ? $"#{position.Sequence} {position.Symbol}: list {protection.ListClientOrderId} could not be canceled whole; its legs were canceled one by one, nothing sold."
                    : stopTriggered
                        ? $"#{position.Sequence} {position.Symbol}: the stop of list {protection.ListClientOrderId} triggered but sold nothing (the price fell through its limit {T(protection.StopLimitPrice)}); the rest is sold at market."
                        : $"#{position.Sequence} {position.Symbol}: list {protection.ListClientOrderId} ended with nothing sold (stop leg {stopLeg.Outcome.Progress}, take-profit leg {takeProfitLeg.Outcome.Progress}): canceled outside the bot or expired; a new one follows.",
                    cancellationToken).ConfigureAwait(false);
                return (current, stopTriggered);
            }

            var market = await markets.ReadAsync(context, position.Symbol, cancellationToken).ConfigureAwait(false);
            foreach (var (leg, reason) in sold)
            {
                await intents.BookAsync(context, current with { ExitReason = reason, Protection = ended }, leg, market, AuditKind.ProtectionFilled, CancellationToken.None).ConfigureAwait(false);
                current = context.Positions.Single(p => p.Sequence == position.Sequence);
            }

            return (current, stopTriggered);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// A leg's final state. A leg still working after its list ended (a triggered stop resting below its limit, a
    /// partly filled take-profit) is canceled first, audited. Null when the exchange cannot say yet.
    /// </summary>
    private async Task<(OrderOutcome Outcome, bool WasWorking)?> FinishLegAsync(CycleContext context, Position position, string clientOrderId, bool release, CancellationToken cancellationToken)
    {
        var leg = await exchange.FindOrderAsync(position.Symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
        if (leg is not { Progress: OrderProgress.Working })
        {
            return leg is null ? null : (leg, false);
        }

        if (!leg.OnBook && !release)
        {
            // A stop that has not triggered though its list ended: the exchange's views disagree; nothing is canceled or sold on that.
            LogLegNotTriggered(position.Symbol, clientOrderId);
            return null;
        }

        context.ThrowIfLeaseLost();
        var canceled = await lists.CancelOrderAsync(position.Symbol, clientOrderId, CancellationToken.None).ConfigureAwait(false);
        await journal.CommitAsync(
            context, context.State,
            journal.Audit(
                AuditKind.ProtectionCanceled,
                $"#{position.Sequence} {position.Symbol}: leg {clientOrderId} was still working ({T(leg.ExecutedQuantity)} sold) {(release ? "when its list could not be canceled whole" : "after its list ended")}; {(canceled ? "canceled" : "it ended before the cancel")}.",
                IntentLedger.PositionData(position)),
            CancellationToken.None).ConfigureAwait(false);
        leg = await exchange.FindOrderAsync(position.Symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
        return leg is null or { Progress: OrderProgress.Working } ? null : (leg, true);
    }

    private Task CommitAsync(CycleContext context, Position next, AuditKind kind, string message, CancellationToken cancellationToken) =>
        journal.CommitAsync(context, new LedgerChange(context.State, context.Version, [journal.Audit(kind, message, IntentLedger.PositionData(next))]) { Positions = [next] }, cancellationToken);

    private static string T(decimal value) => CycleJournal.Text(value);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Position #{Sequence} on {Symbol} is not protected at the exchange: {Problem}")]
    private partial void LogUnprotected(string symbol, long sequence, string problem);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Protective list {ListClientOrderId} on {Symbol}: placement outcome unknown ({Reason}); it will be looked up by its client id, never resent")]
    private partial void LogPlacementUnknown(string symbol, string listClientOrderId, string reason);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Protective list {ListClientOrderId} on {Symbol} could not be canceled ({Reason}); the exit waits for the next cycle")]
    private partial void LogNotReleased(string symbol, string listClientOrderId, string reason);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Information, Message = "Protective list {ListClientOrderId} on {Symbol} is missing from openOrderList but still executing by its own status; nothing is settled")]
    private partial void LogListStillOpen(string symbol, string listClientOrderId);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "Leg {ClientOrderId} on {Symbol} has not triggered though its list ended; it is read again next cycle")]
    private partial void LogLegNotTriggered(string symbol, string clientOrderId);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Protective list {ListClientOrderId} on {Symbol} not found yet; looked up again next cycle")]
    private partial void LogNotFoundYet(string symbol, string listClientOrderId);
}
