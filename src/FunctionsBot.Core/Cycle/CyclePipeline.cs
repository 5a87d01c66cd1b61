using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The cycle's steps on a loaded ledger, as DESIGN lists them: roll the day → recover what may have been sent →
/// learn what became of the protective lists (a stop that missed its limit is sold) → per symbol decide, plan,
/// execute and protect, or, with the kill switch in Flatten mode, close everything.
/// </summary>
public sealed class CyclePipeline(CycleJournal journal, IntentRecovery recovery, ListWatch lists, SymbolTrader trader, OrderExecutor executor, IOptions<BotOptions> bot)
{
    private const string StopMissedItsLimit = "stop-loss (the exchange's stop triggered; its limit did not fill)";

    internal async Task RunAsync(CycleContext context, CancellationToken cancellationToken)
    {
        await journal.RollDayAsync(context, cancellationToken).ConfigureAwait(false);
        await recovery.RecoverAsync(context, cancellationToken).ConfigureAwait(false);
        var flatten = context.State.KillSwitch is { Active: true, Mode: KillSwitchMode.Flatten };

        // The market data goes out with the list check (one round trip, not two); the symbols are read before the
        // lists settle, and an exit the check starts leaves an intent, which the decision then respects.
        var symbols = Symbols(context);
        var reading = flatten ? null : trader.ReadMarketsAsync(context, symbols, cancellationToken);
        foreach (var rest in await lists.CheckAsync(context, cancellationToken).ConfigureAwait(false))
        {
            await trader.ExitAsync(context, rest, StopMissedItsLimit, cancellationToken).ConfigureAwait(false);
        }

        if (reading is null)
        {
            await FlattenAsync(context, Symbols(context), cancellationToken).ConfigureAwait(false);
            return;
        }

        var reads = await reading.ConfigureAwait(false);
        foreach (var symbol in symbols)
        {
            await trader.TradeAsync(context, symbol, reads, bot.Value.SymbolList.Contains(symbol), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The symbols the cycle trades: those of <c>Bot__Symbols</c> (entries and exits), then every other symbol the ledger
    /// holds a position in (exits, protection and Flatten only: a symbol removed from the list never orphans a position).
    /// </summary>
    private List<string> Symbols(CycleContext context) =>
        [.. bot.Value.SymbolList, .. context.Positions.Where(p => p.Status == PositionStatus.Open || p.IsIntent).Select(p => p.Symbol).Distinct().Order(StringComparer.Ordinal).Except(bot.Value.SymbolList)];

    /// <summary>
    /// Kill switch in Flatten mode: release every protective list (leg by leg when a list cannot be canceled whole) and
    /// cancel the bot's other open orders, then close every open position at market, each step audited.
    /// </summary>
    private async Task FlattenAsync(CycleContext context, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        const string Reason = "kill-switch flatten";
        var released = new List<Position>();
        foreach (var position in context.Positions.Where(p => p.Status == PositionStatus.Open).OrderBy(p => p.Sequence).ToList())
        {
            if (await lists.ReleaseAsync(context, position, Reason, cancellationToken).ConfigureAwait(false) is { } rest)
            {
                released.Add(rest);
            }
        }

        foreach (var symbol in symbols)
        {
            await executor.CancelBotOrdersAsync(context, symbol, cancellationToken).ConfigureAwait(false);
        }

        foreach (var position in released)
        {
            await journal.CommitAsync(
                context, context.State,
                journal.Audit(AuditKind.FlattenStep, $"Flatten: closing #{position.Sequence} ({CycleJournal.Text(position.Quantity)} {position.Symbol}) at market.", IntentLedger.PositionData(position)),
                cancellationToken).ConfigureAwait(false);
            await trader.ExitAsync(context, position, Reason, cancellationToken).ConfigureAwait(false);
        }
    }
}
