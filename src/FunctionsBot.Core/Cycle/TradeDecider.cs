using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The decision stage: market data → strategy → a decision per symbol. An open position exits on the strategy's exit
/// signal, or on its stop-loss or take-profit when no list at the exchange holds them; otherwise an entry signal asks for an entry. A symbol with an
/// unresolved intent is left alone.
/// </summary>
public sealed class TradeDecider(IExchange exchange, IEnumerable<IStrategy> strategies, IOptions<StrategyOptions> options, CycleJournal journal)
{
    private IStrategy Strategy => strategies.FirstOrDefault(s => s.Name == options.Value.Name)
        ?? throw new InvalidOperationException($"No strategy named '{options.Value.Name}' is registered (Strategy__Name).");

    internal async Task<TradeDecision> DecideAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        if (context.Positions.Any(p => p.Symbol == symbol && p.IsIntent))
        {
            return TradeDecision.None;
        }

        decimal price;
        Signal signal;
        try
        {
            context.ThrowIfLeaseLost();
            var closes = await exchange.GetClosedClosesAsync(symbol, options.Value.Interval, Strategy.RequiredCandles, cancellationToken).ConfigureAwait(false);
            price = await exchange.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false);
            signal = Strategy.Evaluate(closes);
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return TradeDecision.None;
        }

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
}
