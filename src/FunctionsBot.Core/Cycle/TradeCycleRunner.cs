using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One trade cycle under the account's lease: lock → load the ledger → the steps (<see cref="CyclePipeline"/>) → record
/// the cycle.
/// Every ledger write is fenced by the state row's version, and none is made once the lease is lost.
/// A busy lease skips the cycle and audits the skip.
/// </summary>
public sealed partial class TradeCycleRunner(
    ICycleLock cycleLock,
    CycleJournal journal,
    CyclePipeline pipeline,
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
                await pipeline.RunAsync(context, cancellationToken).ConfigureAwait(false);
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
