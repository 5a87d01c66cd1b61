using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// One trade cycle: take the account's lease, load the ledger, do the cycle's work under the
/// lease, record the outcome with its audit row in one transaction, release the lease.
/// A busy lease skips the cycle and audits the skip.
/// </summary>
public sealed partial class TradeCycleRunner(
    ICycleLock cycleLock,
    ILedgerStore ledger,
    LedgerUpdater updater,
    IOptions<BotOptions> bot,
    TimeProvider time,
    ILogger<TradeCycleRunner> logger)
{
    private const string Actor = "trade-cycle";

    public async Task<CycleResult> RunAsync(CancellationToken cancellationToken)
    {
        var account = bot.Value.Account;
        var startedAt = time.GetUtcNow();
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
                await RunUnderLeaseAsync(account, lease, cancellationToken).ConfigureAwait(false);
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

    private async Task RunUnderLeaseAsync(string account, ICycleLease lease, CancellationToken cancellationToken)
    {
        var current = await ledger.FindStateAsync(account, cancellationToken).ConfigureAwait(false);
        var state = current?.Value ?? RiskState.Initial(account);
        ThrowIfLost(lease);
        LogCycleLoaded(account, state.CycleCount, state.KillSwitch.Active);
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
        // A skip writes an audit row only: touching the state row would move its version under
        // the lease holder and fail the holder's next fenced write.
        await ledger.AppendAuditAsync(
            account,
            [new AuditRecord(at, AuditKind.CycleSkipped, Actor, "Cycle skipped: another holder has the account's lease.")],
            cancellationToken).ConfigureAwait(false);
        LogCycleSkipped(account);
    }

    private static void ThrowIfLost(ICycleLease lease)
    {
        if (lease.IsLost)
        {
            throw new LeaseLostException();
        }
    }
}
