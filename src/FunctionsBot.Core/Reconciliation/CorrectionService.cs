using System.Globalization;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Reconciliation;

public enum DecisionOutcome
{
    Applied,
    Dismissed,
    NotFound,
    AlreadyDecided,

    /// <summary>The positions changed since the proposal was made; nothing was applied. Run the reconciliation again.</summary>
    Stale,
}

public sealed record CorrectionDecision(DecisionOutcome Outcome, Proposal? Proposal, string Message);

/// <summary>
/// A person's decision on a proposed correction, under the account's lease and in one transaction with its audit:
/// approving applies exactly the numbers the proposal shows; rejecting changes no position. Either way the proposal
/// is decided, and the symbol's reconciliation lock goes when no other proposal on it waits.
/// </summary>
public sealed class CorrectionService(
    ICycleLock cycleLock, ILedgerStore ledger, LedgerUpdater updater, IOptions<ReconcileOptions> options, IOptions<BotOptions> bot, IOptions<StrategyOptions> strategy, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<CorrectionDecision> DecideAsync(string id, bool approve, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var account = bot.Value.Account;
        var lease = await AccountLease.WaitAsync(cycleLock, account, TimeSpan.FromSeconds(options.Value.LeaseWaitSeconds), time, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var snapshot = await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false);
            if (snapshot.Proposals.FirstOrDefault(p => p.Id == id) is not { } proposal)
            {
                return new CorrectionDecision(DecisionOutcome.NotFound, null, $"There is no proposal '{id}' (GET /api/reconcile lists them).");
            }

            if (proposal.Status != ProposalStatus.Pending)
            {
                return new CorrectionDecision(DecisionOutcome.AlreadyDecided, proposal, $"Proposal {id} is already {proposal.Status} (by {proposal.DecidedBy} at {proposal.DecidedAt:O}).");
            }

            var now = time.GetUtcNow();
            var decided = proposal with { Status = approve ? ProposalStatus.Approved : ProposalStatus.Rejected, DecidedBy = actor, DecidedAt = now, DecisionReason = reason };
            var state = snapshot.StateOrInitial(account);
            var positions = new List<Position>();
            DailyPnl? pnl = null;
            string applied = "nothing changed";
            if (approve)
            {
                if (Apply(snapshot, proposal, now) is not { } correction)
                {
                    return new CorrectionDecision(DecisionOutcome.Stale, proposal, $"The positions of proposal {id} changed since it was made; nothing was applied. Run POST /api/reconcile again.");
                }

                (positions, var result, var sequence, applied) = correction;
                state = state with { PositionSequence = Math.Max(state.PositionSequence, sequence) };
                if (result != 0)
                {
                    var today = DateOnly.FromDateTime(now.UtcDateTime);
                    var previous = snapshot.Pnl.FirstOrDefault(p => p.Day == today);
                    state = state with { TradingDay = today, DayRealizedPnl = state.RealizedOn(today) + result };
                    pnl = new DailyPnl(today, state.DayRealizedPnl, (previous?.Trades ?? 0) + 1);
                }
            }

            var othersWait = snapshot.Proposals.Any(p => p.Id != id && p.Status == ProposalStatus.Pending && p.Symbol == proposal.Symbol);
            var release = proposal.Symbol.Length > 0 && !othersWait && snapshot.Locks.Any(l => l.Symbol == proposal.Symbol && l.CreatedBy == Reconciler.LockOwner);
            var data = new Dictionary<string, string>
            {
                ["proposal"] = id,
                ["kind"] = proposal.Correction.Kind.ToString(),
                ["difference"] = proposal.Kind.ToString(),
                ["symbol"] = proposal.Symbol,
                ["reason"] = reason,
                ["positions"] = string.Join(",", positions.Select(p => p.Sequence.ToString(CultureInfo.InvariantCulture))),
            };
            if (approve && proposal.Correction is { Kind: CorrectionKind.AdoptOrder } adopted)
            {
                // The booking's numbers, as a fill's audit record carries them: the next reconciliation matches the order.
                data["clientOrderId"] = adopted.ClientOrderId!;
                data["executedQty"] = adopted.ExecutedQuantity.ToString(CultureInfo.InvariantCulture);
                data["quoteQty"] = adopted.QuoteQuantity.ToString(CultureInfo.InvariantCulture);
                data["fees"] = adopted.Fees ?? string.Empty;
            }

            var audit = new AuditRecord(
                now,
                approve ? AuditKind.CorrectionApproved : AuditKind.CorrectionRejected,
                actor,
                approve
                    ? $"Proposal {id} approved by {actor} ({reason}): {proposal.Correction.Description} Applied: {applied}.{(release ? $" {proposal.Symbol} unlocked." : string.Empty)}"
                    : $"Proposal {id} rejected by {actor} ({reason}); the ledger is unchanged.{(release ? $" {proposal.Symbol} unlocked." : string.Empty)}",
                data);
            if (lease.IsLost)
            {
                throw new LeaseLostException();
            }

            await updater.CommitOnceAsync(
                new LedgerChange(state, snapshot.State?.Version, [audit])
                {
                    Positions = positions,
                    Pnl = pnl,
                    Proposals = [decided],
                    ReleasedLocks = release ? [proposal.Symbol] : [],
                },
                cancellationToken).ConfigureAwait(false);
            return new CorrectionDecision(approve ? DecisionOutcome.Applied : DecisionOutcome.Dismissed, decided, audit.Message);
        }
    }

    /// <summary>The positions a correction writes, its result for the day, the highest position sequence, and a description; null when it no longer fits the ledger.</summary>
    private (List<Position> Positions, decimal Result, long Sequence, string Applied)? Apply(LedgerSnapshot snapshot, Proposal proposal, DateTimeOffset now)
    {
        var correction = proposal.Correction;
        switch (correction.Kind)
        {
            case CorrectionKind.CloseSoldOutside or CorrectionKind.WriteOffShortfall:
            {
                var sold = correction.Kind == CorrectionKind.CloseSoldOutside;
                var written = new List<Position>();
                var result = 0m;
                foreach (var allocation in correction.Allocations)
                {
                    var position = snapshot.Positions.FirstOrDefault(p => p.Sequence == allocation.Position);
                    if (position is not { HoldsBase: true, IsIntent: false } || position.Quantity < allocation.Quantity)
                    {
                        return null;
                    }

                    var cost = position.Quantity == allocation.Quantity ? position.HeldCost : position.HeldCost * allocation.Quantity / position.Quantity;
                    var rest = position.Quantity - allocation.Quantity;
                    var next = position with { Quantity = rest, HeldCost = position.HeldCost - cost };
                    if (sold)
                    {
                        var fee = correction.FeeInQuote * allocation.Quantity;
                        var proceeds = (allocation.Quantity * correction.Price) - fee;
                        next = next with
                        {
                            RealizedPnl = (position.RealizedPnl ?? 0) + proceeds - cost,
                            ExitProceeds = (position.ExitProceeds ?? 0) + proceeds,
                            FeesInQuote = position.FeesInQuote + fee,
                        };
                        result += proceeds - cost;
                    }
                    else
                    {
                        next = next with { DustWrittenOff = position.DustWrittenOff + cost };
                        result -= cost;
                    }

                    if (rest == 0)
                    {
                        next = next with
                        {
                            Status = PositionStatus.Closed,
                            ClosedAt = correction.At ?? now,
                            ExitReason = sold ? $"sold outside the bot ({proposal.Id})" : $"shortfall written off ({proposal.Id})",
                        };
                    }

                    written.Add(next);
                }

                var text = string.Join("; ", written.Select(p => $"#{p.Sequence} now {p.Status} holding {CycleJournal.Text(p.Quantity)}"));
                return (written, result, 0, $"{text}; result {CycleJournal.Text(result)}");
            }

            case CorrectionKind.AdoptOrder:
            {
                if (snapshot.Positions.Any(p => p.EntryClientOrderId == correction.ClientOrderId) || correction.ExecutedQuantity <= 0)
                {
                    return null;
                }

                var sequence = snapshot.StateOrInitial(bot.Value.Account).PositionSequence + 1;
                var quantity = correction.ExecutedQuantity - correction.CommissionInBase;
                var cost = correction.QuoteQuantity + correction.FeeInQuote;
                var price = correction.QuoteQuantity / correction.ExecutedQuantity;
                var at = correction.At ?? now;
                var levels = strategy.Value;
                var position = new Position
                {
                    Sequence = sequence,
                    Symbol = proposal.Symbol,
                    Status = PositionStatus.Open,
                    EntryClientOrderId = correction.ClientOrderId!,
                    RequestedQuantity = correction.ExecutedQuantity,
                    Quantity = quantity,
                    EntryQuantity = quantity,
                    EntryCost = cost,
                    HeldCost = cost,
                    FeesInQuote = correction.FeeInQuote,
                    EntryPrice = price,
                    StopPrice = price * (1 - (levels.StopLossPercent / 100m)),
                    TakeProfitPrice = price * (1 + (levels.TakeProfitPercent / 100m)),
                    CreatedAt = at,
                    OpenedAt = at,
                };
                return ([position], 0m, sequence, $"#{sequence} opened with {CycleJournal.Text(quantity)} {proposal.Symbol} at cost {CycleJournal.Text(cost)}");
            }

            default:
                return ([], 0m, 0, "nothing changed (acknowledged)");
        }
    }
}
