using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The protection policy: every open position is held by a SELL OCO at the exchange (take-profit LIMIT_MAKER, stop
/// STOP_LOSS_LIMIT) for what the account holds free of it, so a stopped host never leaves it without its stop. From a
/// position and the market this stage decides, as a value, whether a list is placed (a plan the executor runs like any
/// order), refused by the symbol's rules (the bot-side stop holds it, retried with back-off), or whether the position
/// can no longer be sold at all (dust). It talks to no exchange; <see cref="ListWatch"/> learns what became of lists.
/// </summary>
public sealed class ProtectionKeeper(IOptions<StrategyOptions> strategy, IOptions<BotOptions> bot, TimeProvider time)
{
    /// <summary>New lists are placed in <c>Exchange</c> mode on an exchange that has them (Paper mode keeps no orders).</summary>
    public static bool Places(StrategyOptions strategy, BotOptions bot) =>
        strategy.Protection == ProtectionMode.Exchange && bot.Mode != TradingMode.Paper;

    /// <summary>The position's stop and take-profit are held by a list at the exchange, not by the cycle's price check.</summary>
    internal static bool HeldAtExchange(Position position) => position.Protection is { Status: ProtectionStatus.Active };

    /// <summary>
    /// The open positions of the symbol that need a list now (a new entry, the rest of a partial exit, a list that
    /// ended, a refusal whose retry is due), oldest first; none unless lists are placed.
    /// </summary>
    internal IReadOnlyList<Position> Due(CycleContext context, string symbol)
    {
        if (!Places(strategy.Value, bot.Value))
        {
            return [];
        }

        var now = time.GetUtcNow();
        return context.Positions
            .Where(p => p.Symbol == symbol && p.Status == PositionStatus.Open && p is { StopPrice: not null, TakeProfitPrice: not null })
            .Where(p => p.Protection is null or { Status: ProtectionStatus.Ended } || p.Protection is { Status: ProtectionStatus.Failed, RetryAt: { } retry } && retry <= now)
            .OrderBy(p => p.Sequence)
            .ToList();
    }

    /// <summary>
    /// The protection an entry of <paramref name="quantity"/> carries in the same request (an OPOCO), when entries go so
    /// (<c>Strategy__EntryProtection=Opoco</c>, LIMIT entries, lists placed) and the symbol allows it: attempt 1 written
    /// ahead, its levels from <paramref name="price"/> (the best ask read for the entry: the freshest price the cycle has),
    /// shaped to the symbol's rules. Otherwise null, with why the entry goes
    /// separately when that is worth saying (the symbol, the filters).
    /// </summary>
    internal (Protection? Protection, string? Separately) ForEntry(CycleContext context, long sequence, string symbol, decimal quantity, decimal price, BookingMarket market, ExitLevels levels)
    {
        var options = strategy.Value;
        if (options.EntryProtection != EntryProtection.Opoco || options.EntryOrderType != EntryOrderType.Limit || !Places(options, bot.Value))
        {
            return (null, null);
        }

        if (market.Rules is not { OpoAllowed: true, OcoAllowed: true })
        {
            return (null, $"{symbol} does not take OPOCO lists (exchangeInfo opoAllowed/ocoAllowed)");
        }

        var openLists = context.Positions.Count(p => p.Symbol == symbol && p.Protection is { MayBeWorking: true });
        var shape = ProtectionShaper.Shape(
            market.Rules, quantity, price * (1 - (levels.StopLossPercent / 100m)), price * (1 + (levels.TakeProfitPercent / 100m)), options.StopLimitOffsetPercent, price,
            new ShapingContext(market.AveragePrice, 0), openLists);
        return shape.Problem is { } problem
            ? (null, $"its OCO cannot go with it: {problem}")
            : (new Protection
            {
                Attempt = 1,
                Status = ProtectionStatus.Placing,
                ListClientOrderId = ClientOrderIds.ProtectionList(context.Account, sequence, 1),
                Quantity = 0, // the exchange sets it: what the entry receives, commission deducted, down to LOT_SIZE
                StopPrice = shape.StopPrice,
                StopLimitPrice = shape.StopLimitPrice,
                TakeProfitPrice = shape.TakeProfitPrice,
                RequestedAt = time.GetUtcNow(),
            }, null);
    }

    /// <summary>The list for <paramref name="position"/> as the symbol's rules shape it, the next attempt with its own ids.</summary>
    internal ProtectionDecision Decide(CycleContext context, Position position, MarketView market)
    {
        var previous = position.Protection;
        var attempt = (previous?.Attempt ?? 0) + 1;
        var listId = ClientOrderIds.ProtectionList(context.Account, position.Sequence, attempt);
        var openStops = context.Positions.Count(p => p.Symbol == position.Symbol && p.Protection is { MayBeWorking: true });
        var rules = market.Market.Rules;
        var shape = ProtectionShaper.Shape(
            rules, Math.Min(position.Quantity, market.Free), position.StopPrice!.Value, position.TakeProfitPrice!.Value, strategy.Value.StopLimitOffsetPercent, market.LastPrice,
            new ShapingContext(market.Market.AveragePrice, 0), openStops);
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
            Failures = previous?.Failures ?? 0,
        };
        if (shape.Problem is { } problem)
        {
            return PositionBooking.CanSell(position.Quantity, position.Symbol, market.Market)
                ? new ProtectionDecision.Refuse(protection, problem)
                : new ProtectionDecision.WriteOff($"its protective list fails the exchange filters: {problem}");
        }

        var request = new OcoRequest(
            position.Symbol, protection.Quantity, listId, protection.TakeProfitClientOrderId, protection.TakeProfitPrice, protection.StopClientOrderId, protection.StopPrice, protection.StopLimitPrice);
        var supersedes = previous is { Status: ProtectionStatus.Ended, Problem: Protection.NeverPlaced } ? previous.ListClientOrderId : null;
        return new ProtectionDecision.Place(new OrderPlan(
            position with { Protection = protection },
            context.State,
            $"Protection intent #{position.Sequence}: SELL OCO {T(protection.Quantity)} {position.Symbol}, take-profit {T(protection.TakeProfitPrice)} (LIMIT_MAKER), stop {T(protection.StopPrice)} with limit {T(protection.StopLimitPrice)} (STOP_LOSS_LIMIT), as {listId}.",
            new PlannedOrder.Oco(request, supersedes),
            market.Market));
    }

    private static string T(decimal value) => CycleJournal.Text(value);
}

/// <summary>What the protection policy decided for a position that needs a list.</summary>
public abstract record ProtectionDecision
{
    /// <summary>Place the list: the plan runs through the one executor (write-ahead, sent once, recovered by its list id).</summary>
    public sealed record Place(OrderPlan Plan) : ProtectionDecision;

    /// <summary>The symbol's rules refuse a list now: <paramref name="Protection"/> (the attempt as it would have been) fails with back-off.</summary>
    public sealed record Refuse(Protection Protection, string Problem) : ProtectionDecision;

    /// <summary>The position cannot be sold at all any more (quantity or notional filters): it becomes dust.</summary>
    public sealed record WriteOff(string Problem) : ProtectionDecision;
}
