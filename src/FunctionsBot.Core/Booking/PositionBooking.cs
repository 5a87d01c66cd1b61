using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// Booking as a pure function (DESIGN "Booking"): a position and an order outcome in; the new position,
/// realized PnL and the audit text out. The rules:
/// <list type="bullet">
/// <item>An entry holds what was received net of base commission (plus any dust of the asset it absorbs); its
/// cost is the quote spent plus every other commission valued in quote. Nothing filled: the intent failed.</item>
/// <item>An exit realizes PnL on the part sold only (cost pro rata); the rest stays open, or becomes dust, with
/// its cost written off, when the symbol's filters would not let it be sold.</item>
/// <item>A commission in a third asset is valued at its price in quote when the fill is booked.</item>
/// </list>
/// Then: realized PnL − cost held − dust written off = the account's quote change − third-asset commissions
/// valued; base held (open and dust) = the account's base change.
/// </summary>
public static class PositionBooking
{
    /// <summary>
    /// What became of the OCO an entry carried in its OPOCO request, by the exchange's rule (faqs/opo.md): when the entry
    /// filled fully, the list works for what it received net of commission, down to LOT_SIZE, at the levels it was sent
    /// with (active once its list id is known, else found by its list client id); when it filled in part or not at all,
    /// the pending OCO was never placed, and the position (if any) needs one of its own. An entry without one is unchanged.
    /// </summary>
    /// <returns>The position and a sentence for the booking's audit text.</returns>
    public static (Position Position, string Text) OpocoProtection(Position booked, Position intent, OrderOutcome outcome, Commissions fees, BookingMarket market)
    {
        ArgumentNullException.ThrowIfNull(booked);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(fees);
        ArgumentNullException.ThrowIfNull(market);
        if (intent.Protection is not { Status: ProtectionStatus.Placing } pending)
        {
            return (booked, string.Empty);
        }

        if (booked.Status != PositionStatus.Open || outcome.ExecutedQuantity < intent.RequestedQuantity)
        {
            var why = $"the entry filled {T(outcome.ExecutedQuantity)} of {T(intent.RequestedQuantity)}: its pending OCO {pending.ListClientOrderId} was never placed";
            var next = booked with { Protection = pending with { Status = ProtectionStatus.Ended, Problem = why } };
            return (next, booked.Status == PositionStatus.Open ? $" As {why}, the bot places one for what it received now." : string.Empty);
        }

        var step = market.Rules.Filter<LotSizeFilter>()?.StepSize ?? 0m;
        var quantity = DecimalSteps.Normalize(DecimalSteps.Down(outcome.ExecutedQuantity - fees.InBase, step));
        var placed = pending with { Quantity = quantity };
        var protection = outcome.OrderListId is { } id ? placed.Activated(id) : placed;
        return (
            booked with { Protection = protection, StopPrice = pending.StopPrice, TakeProfitPrice = pending.TakeProfitPrice },
            $" Its OCO {pending.ListClientOrderId} works at the exchange from the fill: {T(quantity)} sells at {T(pending.TakeProfitPrice)} or, below {T(pending.StopPrice)}, at {T(pending.StopLimitPrice)} or better.");
    }

    /// <param name="intent">The <see cref="PositionStatus.Pending"/> entry intent.</param>
    /// <param name="outcome">The entry order, done (filled, partly filled, or ended with nothing).</param>
    /// <param name="market">Rules and prices at booking time.</param>
    /// <param name="levels">Stop-loss and take-profit distances from the entry price.</param>
    /// <param name="dust">Dust rows of the same symbol, absorbed when the entry fills.</param>
    /// <param name="now">Booking time.</param>
    public static EntryBooking Entry(Position intent, OrderOutcome outcome, BookingMarket market, ExitLevels levels, IReadOnlyList<Position> dust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(dust);
        var fees = Commissions.Of(outcome, market);
        var data = Data(intent, outcome, fees);
        if (outcome.ExecutedQuantity <= 0)
        {
            var failed = intent with { Status = PositionStatus.Failed, ClosedAt = now };
            return new EntryBooking(
                failed, [], fees,
                $"Entry #{intent.Sequence} filled nothing ({outcome.ClientOrderId} ended with 0 of {T(intent.RequestedQuantity)} {intent.Symbol} executed): no position; {T(intent.ReservedQuote)} reservation released.",
                data);
        }

        var absorbed = dust.Where(d => d.Status == PositionStatus.Dust && d.Symbol == intent.Symbol).ToList();
        var absorbedQuantity = absorbed.Sum(d => d.Quantity);
        var received = outcome.ExecutedQuantity - fees.InBase;
        var cost = outcome.QuoteQuantity + fees.QuoteCost;
        var price = outcome.QuoteQuantity / outcome.ExecutedQuantity;
        var quantity = received + absorbedQuantity;
        // A fill too small to sell again (a thin book) is dust from the start: held, not tradable, its cost written off.
        var sellable = CanSell(quantity, intent.Symbol, market);
        var open = intent with
        {
            Status = sellable ? PositionStatus.Open : PositionStatus.Dust,
            Quantity = quantity,
            EntryQuantity = quantity,
            EntryCost = cost,
            HeldCost = sellable ? cost : 0,
            DustWrittenOff = sellable ? 0 : cost,
            EntryPrice = price,
            FeesInQuote = fees.QuoteCost,
            Fees = FeeList.Format(outcome.CommissionByAsset),
            StopPrice = price * (1 - (levels.StopLossPercent / 100m)),
            TakeProfitPrice = price * (1 + (levels.TakeProfitPercent / 100m)),
            OpenedAt = now,
        };
        // Absorbed dust rows end empty; when they stopped being a position (ClosedAt) stays as it was.
        var closedDust = absorbed.Select(d => d with { Status = PositionStatus.Closed, Quantity = 0 }).ToList();
        data["received"] = T(received);
        data["cost"] = T(cost);
        data["averagePrice"] = T(price);
        var partly = outcome.ExecutedQuantity < intent.RequestedQuantity ? $" ({T(outcome.ExecutedQuantity)} of {T(intent.RequestedQuantity)} asked; the rest expired)" : string.Empty;
        var absorbedText = absorbed.Count == 0 ? string.Empty
            : $"; absorbed dust {T(absorbedQuantity)} from #{string.Join(", #", absorbed.Select(d => d.Sequence))}";
        if (absorbed.Count > 0)
        {
            data["absorbedDust"] = T(absorbedQuantity);
        }

        var holding = sellable
            ? $"holding {T(quantity)}{absorbedText} at cost {T(cost)}"
            : $"{T(quantity)}{absorbedText} is below what {intent.Symbol} lets you sell: kept as dust, its cost {T(cost)} written off";
        data["writtenOff"] = T(open.DustWrittenOff);
        return new EntryBooking(
            open, closedDust, fees,
            $"Entry #{intent.Sequence} filled: bought {T(outcome.ExecutedQuantity)} {intent.Symbol}{partly} for {T(outcome.QuoteQuantity)} {market.Rules.QuoteAsset} (avg {T(price)}), {fees.Describe(market)}; {holding}.",
            data);
    }

    /// <param name="intent">The <see cref="PositionStatus.Closing"/> exit intent.</param>
    /// <param name="outcome">The exit order, done.</param>
    /// <param name="market">Rules and prices at booking time (the rest is dust when these filters refuse to sell it).</param>
    /// <param name="now">Booking time.</param>
    public static ExitBooking Exit(Position intent, OrderOutcome outcome, BookingMarket market, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(market);
        var fees = Commissions.Of(outcome, market);
        var data = Data(intent, outcome, fees);
        if (outcome.ExecutedQuantity <= 0)
        {
            var unchanged = intent with { Status = PositionStatus.Open, ExitRequestedAt = null };
            return new ExitBooking(
                unchanged, 0, 0, 0, fees,
                $"Exit #{intent.Sequence} ({intent.ExitReason}) sold nothing ({outcome.ClientOrderId} ended with 0 executed): still holding {T(intent.Quantity)} {intent.Symbol}.",
                data);
        }

        // Base leaving the position: what was sold, and any commission the exchange took from the base asset. What left the
        // account beyond the position (a commission in base on a sale of all of it, paid from base the ledger does not
        // hold) is not the position's: valued at the fill's price, it is taken out of the proceeds like a third-asset commission.
        var taken = outcome.ExecutedQuantity + fees.InBase;
        var leaving = Math.Min(intent.Quantity, taken);
        var fromOutside = taken - leaving;
        var fromOutsideInQuote = fromOutside * outcome.QuoteQuantity / outcome.ExecutedQuantity;
        var rest = intent.Quantity - leaving;
        var costSold = intent.Quantity == 0 ? intent.HeldCost : intent.HeldCost * leaving / intent.Quantity;
        var proceeds = outcome.QuoteQuantity - fees.QuoteCost - fromOutsideInQuote;
        var realized = proceeds - costSold;
        var restCost = intent.HeldCost - costSold;
        var sellable = rest > 0 && CanSell(rest, intent.Symbol, market);
        var (status, heldCost, writtenOff) = rest <= 0 ? (PositionStatus.Closed, 0m, restCost)
            : sellable ? (PositionStatus.Open, restCost, 0m)
            : (PositionStatus.Dust, 0m, restCost);
        var next = intent with
        {
            Status = status,
            Quantity = Math.Max(0, rest),
            HeldCost = heldCost,
            ExitProceeds = (intent.ExitProceeds ?? 0) + proceeds,
            RealizedPnl = (intent.RealizedPnl ?? 0) + realized,
            DustWrittenOff = intent.DustWrittenOff + writtenOff,
            FeesInQuote = intent.FeesInQuote + fees.QuoteCost,
            Fees = FeeList.Add(intent.Fees, outcome.CommissionByAsset),
            SoldQuantity = intent.SoldQuantity + outcome.ExecutedQuantity,
            SoldQuote = intent.SoldQuote + outcome.QuoteQuantity,
            ExitRequestedAt = status == PositionStatus.Open ? null : intent.ExitRequestedAt,
            ClosedAt = status == PositionStatus.Open ? null : now,
        };
        data["sold"] = T(outcome.ExecutedQuantity);
        data["proceeds"] = T(proceeds);
        data["costSold"] = T(costSold);
        data["realized"] = T(realized);
        data["rest"] = T(next.Quantity);
        data["writtenOff"] = T(writtenOff);
        if (fromOutside > 0)
        {
            data["baseFromOutside"] = T(fromOutside);
            data["baseFromOutsideInQuote"] = T(fromOutsideInQuote);
        }

        var restText = status switch
        {
            PositionStatus.Open => $"{T(rest)} {intent.Symbol} stays open at cost {T(restCost)} with its stop",
            PositionStatus.Dust => $"the rest, {T(rest)} {market.Rules.BaseAsset}, is below what {intent.Symbol} lets you sell: kept as dust, its cost {T(writtenOff)} written off",
            _ => "position closed",
        };
        return new ExitBooking(
            next, outcome.ExecutedQuantity, realized, writtenOff, fees,
            $"Exit #{intent.Sequence} ({intent.ExitReason}) filled: sold {T(outcome.ExecutedQuantity)} of {T(intent.Quantity)} {intent.Symbol} for {T(outcome.QuoteQuantity)} {market.Rules.QuoteAsset}, {fees.Describe(market)}; net {T(proceeds)} against cost {T(costSold)}: realized {T(realized)}; {restText}.",
            data);
    }

    /// <summary>
    /// Whether a MARKET SELL of (part of) <paramref name="quantity"/> passes the symbol's quantity and notional filters.
    /// The symbol's status plays no part: a halted symbol's rest is a position that cannot be sold yet, not dust.
    /// </summary>
    public static bool CanSell(decimal quantity, string symbol, BookingMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var shaped = OrderShaper.Shape(market.Rules with { Status = SymbolRules.Trading }, new ShapedOrder(symbol, OrderSide.Sell, OrderType.Market, quantity, null), quantity, new ShapingContext(market.AveragePrice, 0));
        return shaped.Order is { Quantity: > 0 };
    }

    private static Dictionary<string, string> Data(Position intent, OrderOutcome outcome, Commissions fees)
    {
        var data = new Dictionary<string, string>
        {
            ["position"] = intent.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["symbol"] = intent.Symbol,
            ["clientOrderId"] = outcome.ClientOrderId,
            ["executedQty"] = T(outcome.ExecutedQuantity),
            ["quoteQty"] = T(outcome.QuoteQuantity),
            ["fills"] = outcome.Fills.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["fees"] = FeeList.Format(outcome.CommissionByAsset),
        };
        fees.AddTo(data);
        return data;
    }

    private static string T(decimal value) => BookingText.Of(value);
}
