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
/// audited. Entries pass the <see cref="RiskManager"/> and are reserved at their worst price (a LIMIT IOC's limit, or for a
/// MARKET entry the worse of price and average price), with their OCO in the same request where the symbol takes OPOCO;
/// both sides are shaped to the symbol's filters. Market data for booking is read here, before anything is sent.
/// </summary>
public sealed class OrderPlanner(
    BookingMarketReader markets, RiskManager risk, CycleJournal journal, IntentLedger intents, ProtectionKeeper keeper, IOptions<RiskOptions> riskOptions, IOptions<StrategyOptions> strategy, TimeProvider time)
{
    /// <param name="context">The cycle.</param>
    /// <param name="symbol">The symbol to enter.</param>
    /// <param name="decision">The entry decision: the last price it was made at, and the strategy's asks (size, levels).</param>
    /// <param name="separately">The entry goes without its OCO in the same request (the exchange refused the OPOCO this cycle).</param>
    /// <param name="cancellationToken">Stops the cycle between steps.</param>
    internal async Task<OrderPlan?> PlanEntryAsync(CycleContext context, string symbol, TradeDecision decision, bool separately, CancellationToken cancellationToken)
    {
        var options = strategy.Value;
        var price = decision.Price;
        var quote = decision.Strategy?.QuoteSize ?? options.TradeQuote;
        var asked = decision.Strategy?.ExitLevels;
        var levels = options.LevelsFor(asked);
        var limitEntry = options.EntryOrderType == EntryOrderType.Limit;
        if (await markets.TryReadAsync(context, symbol, OrderSide.Buy, lastPrice: false, cancellationToken, bestAsk: limitEntry).ConfigureAwait(false) is not { } view)
        {
            return null;
        }

        // A LIMIT IOC entry pays at most the best ask plus the slippage allowed (the tick below it); a MARKET entry is reserved
        // at the worse of price and average price. Shape first, then judge the shaped order: what risk approves is what is sent.
        var market = view.Market;
        var tick = market.Rules.Filter<PriceFilter>()?.TickSize ?? 0m;
        var reference = view.Ask > 0 ? view.Ask : price;
        decimal? cap = limitEntry ? DecimalSteps.Down(reference * (1 + (options.MaxSlippagePercent / 100m)), tick) : null;
        var spendable = Math.Max(0, view.Free - context.State.ReservedQuote - riskOptions.Value.MinFreeQuote);
        var desired = new ShapedOrder(symbol, OrderSide.Buy, cap is null ? OrderType.Market : OrderType.Limit, Math.Max(quote, 0) / price, cap);
        var shaped = OrderShaper.Shape(market.Rules, desired, spendable / (cap ?? Math.Max(price, market.AveragePrice)), new ShapingContext(market.AveragePrice, 0));
        var worst = shaped.Order?.Price ?? cap ?? Math.Max(price, market.AveragePrice);
        var sequence = context.State.PositionSequence + 1;
        var (protection, separateBecause) = shaped.Order is { } candidate && !separately
            ? keeper.ForEntry(context, sequence, symbol, candidate.Quantity, reference, market, levels)
            : (null, separately ? "the exchange refused the OPOCO" : null);
        var request = shaped.Order is { } sent
            ? RiskRequest.ForEntry(symbol, sent.Quantity, worst, protection?.StopLimitPrice ?? StopLimit(worst, market, levels), riskOptions.Value.FeeRatePercent)
            : new RiskRequest(symbol, quote, 0);
        var verdict = risk.Evaluate(request, new RiskContext(context.State, context.Positions, context.Locks, view.Free, time.GetUtcNow()));
        if (!verdict.Approved)
        {
            await journal.RefuseAsync(context, symbol, verdict, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (shaped.Order is not { } order)
        {
            await journal.RefuseAsync(context, symbol, RiskDecision.Refuse(RiskRejectionCode.ExchangeFilter, $"Exchange filter {shaped.Rejection}"), cancellationToken).ConfigureAwait(false);
            return null;
        }

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
            Protection = protection,
            EntryTag = decision.Strategy?.Tag is { Length: > 0 } tag ? tag : null,
            Levels = asked,
        };
        var how = order.Price is { } limit ? $"LIMIT IOC at {CycleJournal.Text(limit)} or better (ask {CycleJournal.Text(reference)} + {CycleJournal.Text(options.MaxSlippagePercent)} %)" : $"at market (~{CycleJournal.Text(price)})";
        var with = protection is { } p
            ? $" Its OCO goes in the same request (OPOCO {p.ListClientOrderId}): take-profit {CycleJournal.Text(p.TakeProfitPrice)}, stop {CycleJournal.Text(p.StopPrice)} with limit {CycleJournal.Text(p.StopLimitPrice)}, placed by the exchange for what the entry receives."
            : separateBecause is { } why ? $" Its OCO follows on its own: {why}." : string.Empty;
        return new OrderPlan(
            intent,
            context.State with { PositionSequence = sequence, ReservedQuote = context.State.ReservedQuote + reserve },
            $"Entry intent #{sequence}: BUY {CycleJournal.Text(order.Quantity)} {symbol} {how}, {CycleJournal.Text(reserve)} reserved, as {intent.EntryClientOrderId}.{with}",
            protection is null
                ? new PlannedOrder.OneOrder(OrderSide.Buy, order.Quantity, intent.EntryClientOrderId, order.Price)
                : new PlannedOrder.Opoco(new OpocoRequest(order.Quantity, order.Price!.Value, intent.EntryClientOrderId, new OcoRequest(
                    symbol, order.Quantity, protection.ListClientOrderId, protection.TakeProfitClientOrderId, protection.TakeProfitPrice, protection.StopClientOrderId, protection.StopPrice, protection.StopLimitPrice))),
            market);
    }

    /// <summary>The limit the position's stop will sell at or better, for an entry at <paramref name="entry"/>: the stop less its offset, down to the tick.</summary>
    private decimal StopLimit(decimal entry, BookingMarket market, ExitLevels levels)
    {
        var tick = market.Rules.Filter<PriceFilter>()?.TickSize ?? 0m;
        return DecimalSteps.Down(entry * (1 - (levels.StopLossPercent / 100m)) * (1 - (strategy.Value.StopLimitOffsetPercent / 100m)), tick);
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
            new PlannedOrder.OneOrder(OrderSide.Sell, order.Quantity, intent.ExitClientOrderId!),
            market);
    }
}
