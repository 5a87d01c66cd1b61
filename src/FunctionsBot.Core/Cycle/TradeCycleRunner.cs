using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One trade cycle under the account's lease: load the ledger (one partition query), recover pending
/// intents, then per symbol decide, validate, shape and execute with write-ahead intents; record the
/// outcome. Every ledger write is fenced by the state row's version: a writer that lost its lease
/// cannot commit over a newer state. A busy lease skips the cycle and audits the skip.
/// </summary>
public sealed partial class TradeCycleRunner(
    ICycleLock cycleLock,
    ILedgerStore ledger,
    LedgerUpdater updater,
    IExchange exchange,
    IEnumerable<IStrategy> strategies,
    RiskManager risk,
    IOptions<BotOptions> bot,
    IOptions<RiskOptions> riskOptions,
    IOptions<StrategyOptions> strategyOptions,
    CrashInjector crash,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<TradeCycleRunner> logger)
{
    private const string Actor = "trade-cycle";

    private IStrategy Strategy => strategies.FirstOrDefault(s => s.Name == strategyOptions.Value.Name)
        ?? throw new InvalidOperationException($"No strategy named '{strategyOptions.Value.Name}' is registered (Strategy__Name).");

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
            await RecordSkipAsync(account, startedAt, cancellationToken).ConfigureAwait(false);
            return new CycleResult(CycleOutcome.Skipped, startedAt, time.GetUtcNow());
        }

        await using (lease.ConfigureAwait(false))
        {
            try
            {
                var context = new CycleContext(account, lease, await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false));
                context.ThrowIfLeaseLost();
                await RollDayAsync(context, cancellationToken).ConfigureAwait(false);
                await RecoverAsync(context, cancellationToken).ConfigureAwait(false);
                if (context.State.KillSwitch is { Active: true, Mode: KillSwitchMode.Flatten })
                {
                    await FlattenAsync(context, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var symbol in bot.Value.SymbolList)
                    {
                        await TradeSymbolAsync(context, symbol, cancellationToken).ConfigureAwait(false);
                    }
                }

                return await RecordAsync(account, startedAt, CycleOutcome.Completed, null, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseLostException)
            {
                LogLeaseLost(account);
                return await RecordAsync(account, startedAt, CycleOutcome.LeaseLost, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCycleFailed(ex, account);
                await TryRecordFailureAsync(account, startedAt, ex, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<CycleResult> RecordAsync(
        string account, DateTimeOffset startedAt, CycleOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        var data = new Dictionary<string, string>
        {
            ["outcome"] = outcome.ToString(),
            ["startedAt"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
            ["durationMs"] = ((long)(finishedAt - startedAt).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (error is not null)
        {
            data["error"] = error;
        }

        var kind = outcome == CycleOutcome.Completed ? AuditKind.CycleCompleted : AuditKind.CycleFailed;
        await updater.UpdateAsync(
            account,
            state => (state with
            {
                LastCycle = new CycleRecord(startedAt, finishedAt, outcome),
                LastSuccessfulCycleAt = outcome == CycleOutcome.Completed ? finishedAt : state.LastSuccessfulCycleAt,
                CycleCount = state.CycleCount + 1,
            },
            [new AuditRecord(finishedAt, kind, Actor, $"Cycle {outcome}.", data)]),
            cancellationToken).ConfigureAwait(false);
        LogCycleRecorded(account, outcome);
        return new CycleResult(outcome, startedAt, finishedAt);
    }

    private async Task TryRecordFailureAsync(string account, DateTimeOffset startedAt, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(account, startedAt, CycleOutcome.Failed, failure.GetType().Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The original failure is what the caller sees; the ledger may be the thing that failed.
            LogFailureNotRecorded(ex, account);
        }
    }

    private async Task RecordSkipAsync(string account, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // A skip is recorded unchained and without touching the state row: moving the state's version
        // under the lease holder would fail the holder's next fenced write.
        await updater.AppendUnchainedAsync(
            account,
            [new AuditRecord(at, AuditKind.CycleSkipped, Actor, "Cycle skipped: another holder has the account's lease.")],
            cancellationToken).ConfigureAwait(false);
        LogCycleSkipped(account);
    }

    private static string Text(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
