using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The decision stage: market data (every symbol's, read at once) → strategy → a decision per symbol, in order. An open position exits on the strategy's exit
/// signal, or on its stop-loss or take-profit when no list at the exchange holds them; otherwise an entry signal asks for an entry. A symbol with an
/// unresolved intent is left alone.
/// </summary>
public sealed class TradeDecider(IExchange exchange, IEnumerable<IStrategy> strategies, IOptions<StrategyOptions> options, CycleJournal journal, TimeProvider time)
{
    private IStrategy? _strategy;

    /// <summary>The strategy <c>Strategy__Name</c> selects (settings are fixed once the app started: looked up once).</summary>
    private IStrategy Strategy => _strategy ??= strategies.FirstOrDefault(s => s.Name == options.Value.Name)
        ?? throw new InvalidOperationException($"No strategy named '{options.Value.Name}' is registered (Strategy__Name).");

    /// <summary>
    /// Market data for every symbol the cycle may trade (those without an unresolved intent), read at once: only reads
    /// go wide; the decisions that follow are made one symbol after another.
    /// </summary>
    internal Task<IReadOnlyDictionary<string, MarketRead>> ReadAsync(CycleContext context, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        context.ThrowIfLeaseLost();
        var wanted = symbols.Where(s => !HasIntent(context, s)).ToList();
        return exchange.ReadMarketsAsync(wanted, options.Value.Interval, Strategy.WarmUp, cancellationToken);
    }

    /// <summary>
    /// The decision for one symbol. A held position is decided whether or not the symbol is still listed in
    /// <c>Bot__Symbols</c>; only <paramref name="entries"/> allows a new position. A held symbol the exchange halted
    /// (not <c>TRADING</c>) is recorded on its positions and audited once, and nothing is decided until it trades again.
    /// </summary>
    internal async Task<TradeDecision> DecideAsync(CycleContext context, string symbol, IReadOnlyDictionary<string, MarketRead> markets, bool entries, CancellationToken cancellationToken)
    {
        if (HasIntent(context, symbol) || !markets.TryGetValue(symbol, out var market))
        {
            return TradeDecision.None;
        }

        if (market.Failure is { } failure)
        {
            // The reads went out together: one rate limit or outage fails them all, and counts once toward the breaker.
            if (!context.MarketReadFailed)
            {
                context.MarketReadFailed = true;
                await journal.RecordExchangeFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
            }

            return TradeDecision.None;
        }

        var price = market.Price;
        context.Marks[symbol] = price;
        var open = context.Positions.FirstOrDefault(p => p.Symbol == symbol && p.Status == PositionStatus.Open);
        SymbolRules? rules = null;
        if (open is { } held)
        {
            (open, rules) = await WatchHaltAsync(context, held, cancellationToken).ConfigureAwait(false);
            if (open is not { SymbolHalt: null })
            {
                return TradeDecision.None;
            }
        }

        var now = time.GetUtcNow();
        var asked = Strategy.Decide(new StrategyInput(symbol, market.Candles, open, now));
        var signal = asked.Signal;
        if (open is not null)
        {
            // A list at the exchange holds the stop and take-profit of what it covers; the cycle's price check holds the
            // rest, and a rest its list does not cover (a list clamped by the filters) when that rest could be sold. While
            // the exchange refuses the keys, the list's fills cannot be read: the price check holds the whole position.
            var uncovered = open.Quantity - (open.Protection?.Quantity ?? 0);
            var botSide = !ProtectionKeeper.HeldAtExchange(open)
                || context.State.Exchange?.KeysRefused is not null
                || (uncovered > 0 && PositionBooking.CanSell(uncovered, symbol, new BookingMarket(rules!, price, context.AssetPrices)));
            var reason = botSide && price <= open.StopPrice ? "stop-loss" : botSide && price >= open.TakeProfitPrice ? "take-profit"
                : signal == Signal.Exit ? (asked.Tag.Length == 0 ? "strategy" : $"strategy: {asked.Tag}") : null;
            return reason is null ? TradeDecision.None : new TradeDecision(TradeAction.Exit, price, open, reason);
        }

        return entries && signal == Signal.Enter ? new TradeDecision(TradeAction.Enter, price, Strategy: asked) : TradeDecision.None;
    }

    /// <summary>
    /// Records a change of the symbol's status on the position (one audit record per change). Returns the position as
    /// it now stands and the symbol's rules, or nulls when the exchange could not say.
    /// </summary>
    private async Task<(Position? Position, SymbolRules? Rules)> WatchHaltAsync(CycleContext context, Position position, CancellationToken cancellationToken)
    {
        SymbolRules rules;
        try
        {
            rules = await exchange.GetRulesAsync(position.Symbol, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return (null, null);
        }

        var halt = rules.IsTrading ? null : rules.Status;
        if (halt == position.SymbolHalt)
        {
            return (position, rules);
        }

        var next = position with { SymbolHalt = halt };
        var message = halt is null
            ? $"{position.Symbol} trades again (was {position.SymbolHalt}): #{position.Sequence} is decided, protected and sold as usual."
            : $"{position.Symbol} is {halt} at the exchange, not TRADING: #{position.Sequence} ({CycleJournal.Text(position.Quantity)}) stays open and cannot be sold until trading resumes.";
        await journal.CommitAsync(
            context,
            new LedgerChange(context.State, context.Version, [journal.Audit(halt is null ? AuditKind.SymbolResumed : AuditKind.SymbolHalted, message, IntentLedger.PositionData(next))]) { Positions = [next] },
            cancellationToken).ConfigureAwait(false);
        return (next, rules);
    }

    private static bool HasIntent(CycleContext context, string symbol) => context.Positions.Any(p => p.Symbol == symbol && p.IsIntent);
}
