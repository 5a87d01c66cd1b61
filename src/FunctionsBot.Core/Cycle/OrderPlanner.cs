using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The risk stage: turns a decision into an <see cref="OrderPlan"/> the exchange will accept, or a refusal that is
/// audited. Entries pass the <see cref="RiskManager"/> and are reserved at the worse of price and average price;
/// both sides are shaped to the symbol's filters. Market data for booking is read here, before anything is sent.
/// </summary>
public sealed class OrderPlanner(
    BookingMarketReader markets, RiskManager risk, CycleJournal journal, IntentLedger intents, IOptions<RiskOptions> riskOptions, IOptions<StrategyOptions> strategy, TimeProvider time)
{
    internal async Task<OrderPlan?> PlanEntryAsync(CycleContext context, string symbol, decimal price, CancellationToken cancellationToken)
    {
        var options = strategy.Value;
        if (await markets.TryReadAsync(context, symbol, OrderSide.Buy, lastPrice: false, cancellationToken).ConfigureAwait(false) is not var (market, free, _))
        {
            return null;
        }

        // Shape first, then judge the shaped order: what risk approves is what is sent.
        var worst = Math.Max(price, market.AveragePrice);
        var spendable = Math.Max(0, free - context.State.ReservedQuote - riskOptions.Value.MinFreeQuote);
        var shaped = OrderShaper.Shape(
            market.Rules, new ShapedOrder(symbol, OrderSide.Buy, OrderType.Market, options.TradeQuote / price, null), spendable / worst, new ShapingContext(market.AveragePrice, 0));
        var request = shaped.Order is { } sent
            ? RiskRequest.ForEntry(symbol, sent.Quantity, worst, StopLimit(worst, market), riskOptions.Value.FeeRatePercent)
            : new RiskRequest(symbol, options.TradeQuote, 0);
        var decision = risk.Evaluate(request, new RiskContext(context.State, context.Positions, context.Locks, free, time.GetUtcNow()));
        if (!decision.Approved)
        {
            await journal.RefuseAsync(context, symbol, decision, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (shaped.Order is not { } order)
        {
            await journal.RefuseAsync(context, symbol, RiskDecision.Refuse(RiskRejectionCode.ExchangeFilter, $"Exchange filter {shaped.Rejection}"), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var sequence = context.State.PositionSequence + 1;
        var reserve = decimal.Round(order.Quantity * worst, 8, MidpointRounding.ToPositiveInfinity);
        var intent = new Position
        {
            Sequence = sequence,
            Symbol = symbol,
            Status = PositionStatus.Pending,
            EntryClientOrderId = ClientOrderIds.Entry(context.Account, sequence),
            ReservedQuote = reserve,
            RequestedQuantity = order.Quantity,
            CreatedAt = time.GetUtcNow(),
        };
        return new OrderPlan(
            intent,
            context.State with { PositionSequence = sequence, ReservedQuote = context.State.ReservedQuote + reserve },
            $"Entry intent #{sequence}: BUY {CycleJournal.Text(order.Quantity)} {symbol} at market (~{CycleJournal.Text(price)}), {CycleJournal.Text(reserve)} reserved, as {intent.EntryClientOrderId}.",
            new PlannedOrder.Market(OrderSide.Buy, order.Quantity, intent.EntryClientOrderId),
            market);
    }

    /// <summary>The limit the position's stop will sell at or better, for an entry at <paramref name="entry"/>: the stop less its offset, down to the tick.</summary>
    private decimal StopLimit(decimal entry, BookingMarket market)
    {
        var options = strategy.Value;
        var tick = market.Rules.Filter<PriceFilter>()?.TickSize ?? 0m;
        return DecimalSteps.Down(entry * (1 - (options.StopLossPercent / 100m)) * (1 - (options.StopLimitOffsetPercent / 100m)), tick);
    }

    internal async Task<OrderPlan?> PlanExitAsync(CycleContext context, Position position, string reason, CancellationToken cancellationToken)
    {
        if (await markets.TryReadAsync(context, position.Symbol, OrderSide.Sell, lastPrice: false, cancellationToken).ConfigureAwait(false) is not var (market, free, _))
        {
            return null;
        }

        // Never more than the account holds free: a commission taken from the asset elsewhere may have left less.
        var shaped = OrderShaper.Shape(
            market.Rules, new ShapedOrder(position.Symbol, OrderSide.Sell, OrderType.Market, position.Quantity, null), Math.Min(position.Quantity, free), new ShapingContext(market.AveragePrice, 0));
        if (shaped.Order is not { } order)
        {
            if (!PositionBooking.CanSell(position.Quantity, position.Symbol, market))
            {
                await intents.WriteOffAsync(context, position, $"its exit ({reason}) fails the exchange filters: {shaped.Rejection}.", cancellationToken).ConfigureAwait(false);
                return null;
            }

            await journal.RefuseAsync(context, position.Symbol, RiskDecision.Refuse(RiskRejectionCode.ExchangeFilter, $"Exit of #{position.Sequence} ({reason}) cannot pass the exchange filters: {shaped.Rejection}"), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var attempt = position.ExitCount + 1;
        var intent = position with
        {
            Status = PositionStatus.Closing,
            ExitCount = attempt,
            ExitClientOrderId = ClientOrderIds.Exit(context.Account, position.Sequence, attempt),
            ExitReason = reason,
            ExitRequestedAt = time.GetUtcNow(),
        };
        return new OrderPlan(
            intent,
            context.State,
            $"Exit intent #{position.Sequence} ({reason}): SELL {CycleJournal.Text(order.Quantity)} of {CycleJournal.Text(position.Quantity)} {position.Symbol} at market, as {intent.ExitClientOrderId}.",
            new PlannedOrder.Market(OrderSide.Sell, order.Quantity, intent.ExitClientOrderId!),
            market);
    }
}
