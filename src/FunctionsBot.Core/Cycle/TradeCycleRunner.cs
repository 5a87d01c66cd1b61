using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One trade cycle under the account's lease, as DESIGN's steps: lock → load the ledger → roll the day →
/// recover intents → check the protective lists at the exchange → per symbol decide, plan (risk and shaping), execute
/// (write-ahead) and protect what is open → record the cycle.
/// Every ledger write is fenced by the state row's version, and none is made once the lease is lost.
/// A busy lease skips the cycle and audits the skip.
/// </summary>
public sealed partial class TradeCycleRunner(
    ICycleLock cycleLock,
    CycleJournal journal,
    IntentRecovery recovery,
    ProtectionKeeper protection,
    TradeDecider decider,
    OrderPlanner planner,
    OrderExecutor executor,
    IOptions<BotOptions> bot,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<TradeCycleRunner> logger)
{
    public async Task<CycleResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            var result = await RunUnderLeaseAsync(startedAt, cancellationToken).ConfigureAwait(false);
            metrics.CycleFinished(result);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.CycleFinished(new CycleResult(CycleOutcome.Failed, startedAt, time.GetUtcNow()));
            throw;
        }
    }

    private async Task<CycleResult> RunUnderLeaseAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var account = bot.Value.Account;
        var attempt = await cycleLock.TryAcquireAsync(account, cancellationToken).ConfigureAwait(false);
        if (attempt.Lease is not { } lease)
        {
            await journal.RecordSkipAsync(account, startedAt, cancellationToken).ConfigureAwait(false);
            LogCycleSkipped(account);
            return new CycleResult(CycleOutcome.Skipped, startedAt, time.GetUtcNow());
        }

        await using (lease.ConfigureAwait(false))
        {
            CycleContext? context = null;
            try
            {
                context = new CycleContext(account, lease, await journal.LoadAsync(account, cancellationToken).ConfigureAwait(false));
                context.ThrowIfLeaseLost();
                await journal.RollDayAsync(context, cancellationToken).ConfigureAwait(false);
                await recovery.RecoverAsync(context, cancellationToken).ConfigureAwait(false);
                await protection.CheckAsync(context, cancellationToken).ConfigureAwait(false);
                if (context.State.KillSwitch is { Active: true, Mode: KillSwitchMode.Flatten })
                {
                    await FlattenAsync(context, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var symbols = Symbols(context);
                    var markets = await decider.ReadAsync(context, symbols, cancellationToken).ConfigureAwait(false);
                    foreach (var symbol in symbols)
                    {
                        await TradeSymbolAsync(context, symbol, markets, cancellationToken).ConfigureAwait(false);
                    }
                }

                return await RecordAsync(context, startedAt, CycleOutcome.Completed, null, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseLostException)
            {
                // Another holder may own the ledger now: this cycle writes nothing more, its own record included.
                LogLeaseLost(account);
                return new CycleResult(CycleOutcome.LeaseLost, startedAt, time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCycleFailed(ex, account);
                await TryRecordFailureAsync(context, startedAt, ex, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task TradeSymbolAsync(CycleContext context, string symbol, IReadOnlyDictionary<string, MarketRead> markets, CancellationToken cancellationToken)
    {
        var decision = await decider.DecideAsync(context, symbol, markets, bot.Value.SymbolList.Contains(symbol), cancellationToken).ConfigureAwait(false);
        var plan = decision.Action switch
        {
            TradeAction.Enter => await planner.PlanEntryAsync(context, symbol, decision.Price, cancellationToken).ConfigureAwait(false),
            TradeAction.Exit => await ExitPlanAsync(context, decision.Position!, decision.Reason!, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (plan is not null)
        {
            await executor.ExecuteAsync(context, plan, cancellationToken).ConfigureAwait(false);
        }

        // A new position, or the rest of one, is protected within the cycle that opened it.
        await protection.EnsureAsync(context, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An exit the bot sells itself: its protective list is canceled first (a leg that traded meanwhile is booked instead), then the rest is planned.</summary>
    private async Task<OrderPlan?> ExitPlanAsync(CycleContext context, Position position, string reason, CancellationToken cancellationToken) =>
        await protection.ReleaseAsync(context, position, reason, cancellationToken).ConfigureAwait(false) is { } rest
            ? await planner.PlanExitAsync(context, rest, reason, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// Kill switch in Flatten mode: cancel every protective list of the positions and the bot's other open orders, then
    /// close every open position at market, each step audited.
    /// </summary>
    private async Task FlattenAsync(CycleContext context, CancellationToken cancellationToken)
    {
        const string Reason = "kill-switch flatten";
        var released = new List<Position>();
        foreach (var position in context.Positions.Where(p => p.Status == PositionStatus.Open).OrderBy(p => p.Sequence).ToList())
        {
            if (await protection.ReleaseAsync(context, position, Reason, cancellationToken).ConfigureAwait(false) is { } rest)
            {
                released.Add(rest);
            }
        }

        foreach (var symbol in Symbols(context))
        {
            await executor.CancelBotOrdersAsync(context, symbol, cancellationToken).ConfigureAwait(false);
        }

        foreach (var position in released)
        {
            await journal.CommitAsync(
                context, context.State,
                journal.Audit(AuditKind.FlattenStep, $"Flatten: closing #{position.Sequence} ({CycleJournal.Text(position.Quantity)} {position.Symbol}) at market.", IntentLedger.PositionData(position)),
                cancellationToken).ConfigureAwait(false);
            if (await planner.PlanExitAsync(context, position, Reason, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                await executor.ExecuteAsync(context, plan, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The symbols the cycle trades: those of <c>Bot__Symbols</c> (entries and exits), then every other symbol the ledger
    /// holds a position in (exits, protection and Flatten only: a symbol removed from the list never orphans a position).
    /// </summary>
    private List<string> Symbols(CycleContext context) =>
        [.. bot.Value.SymbolList, .. context.Positions.Where(p => p.HoldsBase && p.Status != PositionStatus.Dust || p.IsIntent).Select(p => p.Symbol).Distinct().Order(StringComparer.Ordinal).Except(bot.Value.SymbolList)];

    private async Task<CycleResult> RecordAsync(CycleContext context, DateTimeOffset startedAt, CycleOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        var result = await journal.RecordCycleAsync(context, startedAt, outcome, error, cancellationToken).ConfigureAwait(false);
        LogCycleRecorded(context.Account, outcome);
        return result;
    }

    /// <summary>
    /// Records a failed cycle, never once the lease is lost. The original failure is what the caller sees.
    /// </summary>
    private async Task TryRecordFailureAsync(CycleContext? context, DateTimeOffset startedAt, Exception failure, CancellationToken cancellationToken)
    {
        if (context is null || context.Lease.IsLost)
        {
            return;
        }

        try
        {
            await RecordAsync(context, startedAt, CycleOutcome.Failed, failure.GetType().Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The ledger may be the thing that failed.
            LogFailureNotRecorded(ex, context.Account);
        }
    }
}
