using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One symbol through the cycle's stages, in order: decide → plan (risk and shaping) → execute, then protect what is
/// open. An exit the bot sells itself releases the position's list first.
/// </summary>
public sealed class SymbolTrader(
    TradeDecider decider, OrderPlanner planner, OrderExecutor executor, ListWatch lists, ProtectionKeeper keeper, BookingMarketReader markets, IntentLedger intents)
{
    /// <summary>Market data for every symbol the cycle may trade, read at once.</summary>
    internal Task<IReadOnlyDictionary<string, MarketRead>> ReadMarketsAsync(CycleContext context, IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        decider.ReadAsync(context, symbols, cancellationToken);

    /// <param name="context">The cycle.</param>
    /// <param name="symbol">The symbol to trade.</param>
    /// <param name="reads">The cycle's market data.</param>
    /// <param name="entries">Whether a new position may be opened (the symbol is in <c>Bot__Symbols</c>).</param>
    /// <param name="cancellationToken">Stops the cycle between steps.</param>
    internal async Task TradeAsync(CycleContext context, string symbol, IReadOnlyDictionary<string, MarketRead> reads, bool entries, CancellationToken cancellationToken)
    {
        var decision = await decider.DecideAsync(context, symbol, reads, entries, cancellationToken).ConfigureAwait(false);
        if (decision.Action == TradeAction.Enter && await planner.PlanEntryAsync(context, symbol, decision, separately: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            await executor.ExecuteAsync(context, entry, cancellationToken).ConfigureAwait(false);
            if (context.OpocoRefused.Contains(symbol) && await planner.PlanEntryAsync(context, symbol, decision, separately: true, cancellationToken).ConfigureAwait(false) is { } alone)
            {
                await executor.ExecuteAsync(context, alone, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (decision.Action == TradeAction.Exit)
        {
            await ExitAsync(context, decision.Position!, decision.Reason!, cancellationToken).ConfigureAwait(false);
        }

        // A new position, or the rest of one, is protected within the cycle that opened it.
        await ProtectAsync(context, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An exit the bot sells itself: its protective list is released first (a leg that traded meanwhile is booked instead), then the rest is sold.</summary>
    internal async Task ExitAsync(CycleContext context, Position position, string reason, CancellationToken cancellationToken)
    {
        if (await lists.ReleaseAsync(context, position, reason, cancellationToken).ConfigureAwait(false) is { } rest
            && await planner.PlanExitAsync(context, rest, reason, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            await executor.ExecuteAsync(context, plan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProtectAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        foreach (var position in keeper.Due(context, symbol))
        {
            if (await markets.TryReadAsync(context, symbol, OrderSide.Sell, lastPrice: true, cancellationToken).ConfigureAwait(false) is not { } market)
            {
                return;
            }

            var step = keeper.Decide(context, position, market) switch
            {
                ProtectionDecision.Place place => executor.ExecuteAsync(context, place.Plan, cancellationToken),
                ProtectionDecision.Refuse refuse => intents.ProtectionFailedAsync(context, position, refuse.Protection, refuse.Problem, cancellationToken),
                ProtectionDecision.WriteOff writeOff => intents.WriteOffAsync(context, position, writeOff.Problem, cancellationToken),
                var other => throw new InvalidOperationException($"Unknown protection decision {other}."),
            };
            await step.ConfigureAwait(false);
        }
    }
}
