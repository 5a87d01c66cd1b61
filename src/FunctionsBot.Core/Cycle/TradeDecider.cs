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
public sealed class TradeDecider(IExchange exchange, IEnumerable<IStrategy> strategies, IOptions<StrategyOptions> options, CycleJournal journal)
{
    private IStrategy Strategy => strategies.FirstOrDefault(s => s.Name == options.Value.Name)
        ?? throw new InvalidOperationException($"No strategy named '{options.Value.Name}' is registered (Strategy__Name).");

    /// <summary>
    /// Market data for every symbol the cycle may trade (those without an unresolved intent), read at once: only reads
    /// go wide; the decisions that follow are made one symbol after another.
    /// </summary>
    internal Task<IReadOnlyDictionary<string, MarketRead>> ReadAsync(CycleContext context, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        context.ThrowIfLeaseLost();
        var wanted = symbols.Where(s => !HasIntent(context, s)).ToList();
        return exchange.ReadMarketsAsync(wanted, options.Value.Interval, Strategy.RequiredCandles, cancellationToken);
    }

    internal async Task<TradeDecision> DecideAsync(CycleContext context, string symbol, IReadOnlyDictionary<string, MarketRead> markets, CancellationToken cancellationToken)
    {
        if (HasIntent(context, symbol) || !markets.TryGetValue(symbol, out var market))
        {
            return TradeDecision.None;
        }

        if (market.Failure is { } failure)
        {
            await journal.RecordExchangeFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
            return TradeDecision.None;
        }

        var price = market.Price;
        var signal = Strategy.Evaluate(market.Closes);
        var open = context.Positions.FirstOrDefault(p => p.Symbol == symbol && p.Status == PositionStatus.Open);
        if (open is not null)
        {
            // A list at the exchange holds the stop and take-profit; the cycle's price check holds them only without one.
            var botSide = !ProtectionKeeper.HeldAtExchange(open);
            var reason = botSide && price <= open.StopPrice ? "stop-loss" : botSide && price >= open.TakeProfitPrice ? "take-profit" : signal == Signal.Exit ? "strategy" : null;
            return reason is null ? TradeDecision.None : new TradeDecision(TradeAction.Exit, price, open, reason);
        }

        return signal == Signal.Enter ? new TradeDecision(TradeAction.Enter, price) : TradeDecision.None;
    }

    private static bool HasIntent(CycleContext context, string symbol) => context.Positions.Any(p => p.Symbol == symbol && p.IsIntent);
}
