using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// What became of the protective lists at the exchange, read before anything is touched, and booked.
/// <list type="bullet">
/// <item><b>Check</b> (each cycle): one <c>openOrderList</c> for the account. A list missing from it is settled only when
/// its own status (<c>GET orderList</c>) says it ended, since <c>openOrderList</c> may lag.</item>
/// <item><b>Settle</b>: a list that ended has its legs read; a leg still on the book (a triggered stop resting below its
/// limit, a partly filled take-profit) is canceled first; what the legs sold is booked as the position's exit.</item>
/// <item><b>Release</b> (before any exit the bot sells itself): the list is canceled first; when the cancel is refused
/// because a leg traded, that fill is booked; when the cancel fails, the legs are canceled one by one.</item>
/// </list>
/// </summary>
public sealed partial class ListWatch(
    IExchange exchange, IProtectiveOrders lists, BookingMarketReader markets, IntentLedger intents, CycleJournal journal, ILogger<ListWatch> logger)
{
    /// <summary>
    /// Settles every active list that left <c>openOrderList</c> and ended; returns the positions whose stop triggered but
    /// sold too little, to be sold at market. <c>openOrderList</c> (weight 6) is read every cycle, lists or not: it is
    /// the cycle's signed call, so keys the exchange refuses show within one cycle even when nothing trades.
    /// </summary>
    internal async Task<IReadOnlyList<Position>> CheckAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var watched = context.Positions.Where(p => p.Status == PositionStatus.Open && p.Protection is { Status: ProtectionStatus.Active }).OrderBy(p => p.Sequence).ToList();
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
            return [];
        }

        var triggered = new List<Position>();
        foreach (var position in watched.Where(p => !open.ContainsKey(p.Protection!.ListClientOrderId)))
        {
            OrderListState? list;
            try
            {
                context.ThrowIfLeaseLost();
                list = await lists.FindListAsync(position.Symbol, position.Protection!.ListClientOrderId, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (list is null || list.IsExecuting)
            {
                // Not visible yet, or still open by its own status while openOrderList lags: nothing to settle.
                LogListNotSettled(position.Symbol, position.Protection!.ListClientOrderId, list is null ? "not found" : "still executing");
                continue;
            }

            if (await SettleAsync(context, position, release: false, cancellationToken).ConfigureAwait(false) is { StopTriggered: true, Position: { Status: PositionStatus.Open } rest })
            {
                triggered.Add(rest);
            }
        }

        return triggered;
    }

    /// <summary>
    /// Frees the position for an exit the bot sells itself: its list is canceled first (audited). When the cancel is
    /// refused because the list ended, its legs are read and what they sold is booked; when the cancel fails, the legs
    /// are canceled one by one. Returns the position to sell (its rest), or null when nothing is left to sell or the
    /// exchange cannot say yet.
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
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            LogNotReleased(position.Symbol, protection.ListClientOrderId, ex.Message);
            return await SettleAsync(context, position, release: true, cancellationToken).ConfigureAwait(false) is { Position: { Status: PositionStatus.Open } left } ? left : null;
        }

        if (canceled)
        {
            var next = position with { Protection = protection with { Status = ProtectionStatus.Ended } };
            await intents.CommitProtectionAsync(
                context, next, AuditKind.ProtectionCanceled,
                $"#{position.Sequence} {position.Symbol}: protective list {protection.ListClientOrderId} canceled before the exit ({reason}).", cancellationToken).ConfigureAwait(false);
            return next;
        }

        return await SettleAsync(context, position, release: false, cancellationToken).ConfigureAwait(false) is { Position: { Status: PositionStatus.Open } rest } ? rest : null;
    }

    /// <summary>
    /// Reads the list's legs (a leg still working is canceled first: after its list ended, or every one when
    /// <paramref name="release"/> frees the position for an exit) and books what they sold, ending the protection.
    /// Null when the exchange cannot say yet.
    /// </summary>
    internal async Task<(Position Position, bool StopTriggered)?> SettleAsync(CycleContext context, Position position, bool release, CancellationToken cancellationToken)
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
            var ended = protection with { Status = ProtectionStatus.Ended };
            var sold = new[] { (Leg: stopLeg.Outcome, Reason: "stop-loss at the exchange"), (Leg: takeProfitLeg.Outcome, Reason: "take-profit at the exchange") }
                .Where(l => l.Leg.ExecutedQuantity > 0).ToList();
            if (sold.Count == 0)
            {
                var current = position with { Protection = ended };
                await intents.CommitProtectionAsync(
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
                var booking = context.Positions.Single(p => p.Sequence == position.Sequence);
                await intents.BookAsync(context, booking with { ExitReason = reason, Protection = ended }, leg, market, AuditKind.ProtectionFilled, CancellationToken.None).ConfigureAwait(false);
            }

            return (context.Positions.Single(p => p.Sequence == position.Sequence), stopTriggered);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// A leg's final state. A leg still on the book after its list ended (a triggered stop resting below its limit, a
    /// partly filled take-profit), or any working leg on release, is canceled first, audited. A stop that has not
    /// triggered is never taken for one that missed its limit. Null when the exchange cannot say yet.
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

    private static string T(decimal value) => CycleJournal.Text(value);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Protective list {ListClientOrderId} on {Symbol} could not be canceled whole ({Reason}); its legs are canceled one by one")]
    private partial void LogNotReleased(string symbol, string listClientOrderId, string reason);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Protective list {ListClientOrderId} on {Symbol} left openOrderList but is not settled: {Why}; looked at again next cycle")]
    private partial void LogListNotSettled(string symbol, string listClientOrderId, string why);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "Leg {ClientOrderId} on {Symbol} has not triggered though its list ended; it is read again next cycle")]
    private partial void LogLegNotTriggered(string symbol, string clientOrderId);
}
