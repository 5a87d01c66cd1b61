using System.Globalization;
using FunctionsBot.Core.Booking;
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
/// The booking stage: commits what happened to an intent, each in one transaction with its audit. A done order
/// is booked by <see cref="PositionBooking"/> (pure) and its result applied to the state: reservation released,
/// the day's result, cool-down, the daily-loss latch, the breaker closed. An order that definitely does not
/// exist abandons its intent; an unknown outcome keeps it and blocks the symbol.
/// </summary>
public sealed partial class IntentLedger(
    CycleJournal journal, IOptions<StrategyOptions> strategy, IOptions<RiskOptions> risk, CrashInjector crash, TimeProvider time, ILogger<IntentLedger> logger)
{
    /// <summary>Books a done order (filled, partly filled or ended with nothing) against its intent.</summary>
    internal Task BookAsync(CycleContext context, Position intent, OrderOutcome outcome, BookingMarket market, AuditKind kind, CancellationToken cancellationToken) =>
        intent.Status == PositionStatus.Pending
            ? BookEntryAsync(context, intent, outcome, market, kind, cancellationToken)
            : BookExitAsync(context, intent, outcome, market, kind, cancellationToken);

    /// <summary>An intent whose order definitely does not exist: an entry fails and releases its reservation; an exit returns to open.</summary>
    internal async Task AbandonAsync(CycleContext context, Position intent, string why, CancellationToken cancellationToken)
    {
        var entry = intent.Status == PositionStatus.Pending;
        // An OPOCO entry's list was never placed either: it ends with the intent, so nothing waits on it.
        var next = entry
            ? intent with
            {
                Status = PositionStatus.Failed,
                ClosedAt = time.GetUtcNow(),
                Protection = intent.Protection is { MayBeWorking: true } list ? list with { Status = ProtectionStatus.Ended, Problem = Protection.NeverPlaced } : intent.Protection,
            }
            : intent with { Status = PositionStatus.Open, ExitRequestedAt = null };
        var state = entry ? Release(context.State, intent) : context.State;
        await EndIntentAsync(
            context, state, [journal.Audit(AuditKind.IntentFailed, $"{intent.Symbol} {(entry ? "entry" : "exit")} intent #{intent.Sequence} given up: {why}.", PositionData(next))], [next], null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The outcome is still unknown: keep the intent, block the symbol, audit it.</summary>
    internal async Task StillUnknownAsync(CycleContext context, Position intent, string why, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clientOrderId = ClientOrderIdOf(intent);
        var symbolLock = new SymbolLock(intent.Symbol, $"order {clientOrderId} outcome unknown", now.AddSeconds(risk.Value.RecoveryGraceSeconds * 10), CycleJournal.Actor, now);
        LogIntentUnknown(intent.Symbol, clientOrderId);
        await journal.CommitAsync(
            context,
            new LedgerChange(context.State, context.Version, [journal.Audit(AuditKind.IntentStillUnknown, $"{intent.Symbol} intent #{intent.Sequence} ({clientOrderId}) unresolved: {why}. The symbol stays blocked.", PositionData(intent))])
            {
                Locks = [symbolLock],
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An open position the exchange refuses to sell because of its quantity or notional filters (a rest whose notional
    /// fell below the minimum): it becomes dust, its cost written off to the day, audited, so it stops counting as open
    /// and blocking its symbol. A later entry in the asset absorbs it.
    /// </summary>
    internal async Task WriteOffAsync(CycleContext context, Position position, string why, CancellationToken cancellationToken)
    {
        var dust = position with { Status = PositionStatus.Dust, HeldCost = 0, DustWrittenOff = position.DustWrittenOff + position.HeldCost, ClosedAt = time.GetUtcNow() };
        var audit = new List<AuditRecord>();
        var (state, pnl) = ApplyDayResult(context, context.State, dust with { DustWrittenOff = position.HeldCost }, -position.HeldCost, trades: 0, audit);
        audit.Insert(0, journal.Audit(AuditKind.ExitRefused, $"#{position.Sequence} {position.Symbol} can no longer be sold: {why}", PositionData(dust)));
        await EndIntentAsync(context, state, audit, [dust], pnl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits a change of the position's protection with its audit record.</summary>
    internal Task CommitProtectionAsync(CycleContext context, Position next, AuditKind kind, string message, CancellationToken cancellationToken) =>
        journal.CommitAsync(context, new LedgerChange(context.State, context.Version, [journal.Audit(kind, message, PositionData(next))]) { Positions = [next] }, cancellationToken);

    /// <summary>The position's list is at the exchange as <paramref name="orderListId"/> (<paramref name="how"/>: placed, found …).</summary>
    internal Task ProtectionActiveAsync(CycleContext context, Position position, long orderListId, string how, CancellationToken cancellationToken)
    {
        var protection = position.Protection!;
        return CommitProtectionAsync(
            context, position with { Protection = protection.Activated(orderListId) }, AuditKind.ProtectionPlaced,
            $"#{position.Sequence} {position.Symbol} protected at the exchange: list {protection.ListClientOrderId} (#{orderListId}) {how}; {CycleJournal.Text(protection.Quantity)} sells at {CycleJournal.Text(protection.TakeProfitPrice)} or, below {CycleJournal.Text(protection.StopPrice)}, at {CycleJournal.Text(protection.StopLimitPrice)} or better.",
            cancellationToken);
    }

    /// <summary>The list could not be placed: the bot-side stop holds the position, and placement is tried again with back-off.</summary>
    internal Task ProtectionFailedAsync(CycleContext context, Position position, Protection protection, string problem, CancellationToken cancellationToken)
    {
        var failed = protection.Failed(problem, time.GetUtcNow());
        LogUnprotected(position.Symbol, position.Sequence, problem);
        return CommitProtectionAsync(
            context, position with { Protection = failed }, AuditKind.ProtectionFailed,
            $"#{position.Sequence} {position.Symbol} is not protected at the exchange: {problem} The bot-side stop {CycleJournal.Text(position.StopPrice ?? 0)} and take-profit {CycleJournal.Text(position.TakeProfitPrice ?? 0)} hold it; placement is tried again at {failed.RetryAt:O} (failure {failed.Failures} in a row).",
            cancellationToken);
    }

    /// <summary>An exchange call of a recovery failed: counted toward the breaker like any other (<see cref="CycleJournal.RecordExchangeFailureAsync"/>).</summary>
    internal Task ExchangeFailedAsync(CycleContext context, ExchangeException failure, CancellationToken cancellationToken) =>
        journal.RecordExchangeFailureAsync(context, failure, cancellationToken);

    internal static string ClientOrderIdOf(Position intent) => intent.Status == PositionStatus.Pending ? intent.EntryClientOrderId : intent.ExitClientOrderId!;

    internal static Dictionary<string, string> PositionData(Position p) => new()
    {
        ["position"] = p.Sequence.ToString(CultureInfo.InvariantCulture),
        ["symbol"] = p.Symbol,
        ["status"] = p.Status.ToString(),
        ["entryClientOrderId"] = p.EntryClientOrderId,
        ["exitClientOrderId"] = p.ExitClientOrderId ?? string.Empty,
        ["quantity"] = CycleJournal.Text(p.Quantity),
        ["heldCost"] = CycleJournal.Text(p.HeldCost),
        ["realizedPnl"] = p.RealizedPnl is { } pnl ? CycleJournal.Text(pnl) : string.Empty,
        ["protection"] = p.Protection?.Status.ToString() ?? string.Empty,
        ["listClientOrderId"] = p.Protection?.ListClientOrderId ?? string.Empty,
        ["symbolHalt"] = p.SymbolHalt ?? string.Empty,
    };

    private async Task BookEntryAsync(CycleContext context, Position intent, OrderOutcome outcome, BookingMarket market, AuditKind kind, CancellationToken cancellationToken)
    {
        crash.Reached(CrashPoint.BeforeCommit);
        var options = strategy.Value;
        var dust = context.Positions.Where(p => p.Status == PositionStatus.Dust && p.Symbol == intent.Symbol).ToList();
        var booked = PositionBooking.Entry(intent, outcome, market, options.LevelsFor(intent.Levels), dust, time.GetUtcNow());
        var (drawn, data, drawText) = DrawFees(context, intent, booked.Fees, booked.Data, market);
        var (position, listText) = PositionBooking.OpocoProtection(booked.Position, intent, outcome, booked.Fees, market);
        var audit = new List<AuditRecord> { journal.Audit(booked.Filled ? kind : AuditKind.IntentFailed, booked.Message + listText + drawText, data) };
        if (outcome.ExecutedQuantity > intent.RequestedQuantity || outcome.QuoteQuantity > risk.Value.MaxTradeQuote)
        {
            LogOverfilled(intent.Symbol, outcome.ClientOrderId);
            var overfill = $"{CycleJournal.Text(outcome.ExecutedQuantity)} for {CycleJournal.Text(outcome.QuoteQuantity)} against {CycleJournal.Text(intent.RequestedQuantity)} asked and at most {CycleJournal.Text(risk.Value.MaxTradeQuote)} a trade (Risk__MaxTradeQuote)";
            position = position with { Overfill = overfill };
            audit.Add(journal.Audit(AuditKind.EntryOverfilled, $"Entry #{intent.Sequence} {intent.Symbol} filled beyond what risk approved: {overfill}.", booked.Data));
        }

        var state = Release(context.State, intent);
        DailyPnl? pnl = null;
        if (booked.Filled)
        {
            (state, var breakerAudit) = journal.CloseBreaker(state);
            audit.AddRange(breakerAudit);
        }

        if (booked.WrittenOff != 0)
        {
            (state, pnl) = ApplyDayResult(context, state, position, -booked.WrittenOff, trades: 0, audit);
        }

        await EndIntentAsync(context, state, audit, [position, .. booked.Absorbed, .. drawn], pnl, cancellationToken).ConfigureAwait(false);
        LogBooked(intent.Symbol, outcome.ClientOrderId, position.Status);
    }

    private async Task BookExitAsync(CycleContext context, Position intent, OrderOutcome outcome, BookingMarket market, AuditKind kind, CancellationToken cancellationToken)
    {
        crash.Reached(CrashPoint.BeforeCommit);
        var booked = PositionBooking.Exit(intent, outcome, market, time.GetUtcNow());
        if (booked.Sold == 0)
        {
            await EndIntentAsync(context, context.State, [journal.Audit(AuditKind.IntentFailed, booked.Message, booked.Data)], [booked.Position], null, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        var (drawn, data, drawText) = DrawFees(context, intent, booked.Fees, booked.Data, market);
        var audit = new List<AuditRecord> { journal.Audit(kind, booked.Message + drawText, data) };
        var (state, breakerAudit) = journal.CloseBreaker(context.State);
        audit.AddRange(breakerAudit);
        (state, var pnl) = ApplyDayResult(context, state, booked.Position, booked.DayResult, trades: 1, audit);
        await EndIntentAsync(context, state, audit, [booked.Position, .. drawn], pnl, cancellationToken).ConfigureAwait(false);
        LogBooked(intent.Symbol, outcome.ClientOrderId, booked.Position.Status);
    }

    /// <summary>
    /// Commissions in a third asset the ledger holds as positions (BNB fees with a BNBUSDT position) are drawn from those
    /// positions (<see cref="FeeDraw"/>): the positions that gave, the fill's audit data with what each asset's positions paid
    /// (<c>commission{Asset}Drawn</c>), and a sentence for its message.
    /// </summary>
    private (List<Position> Drawn, Dictionary<string, string> Data, string Text) DrawFees(CycleContext context, Position intent, Commissions fees, IReadOnlyDictionary<string, string> bookedData, BookingMarket market)
    {
        var drawn = new List<Position>();
        var data = new Dictionary<string, string>(bookedData);
        var text = string.Empty;
        foreach (var fee in fees.Valued)
        {
            var draw = FeeDraw.Apply(fee, context.Positions.Where(p => p.Sequence != intent.Sequence), market.Rules.QuoteAsset, time.GetUtcNow());
            data[$"commission{fee.Asset}Drawn"] = CycleJournal.Text(draw.Drawn);
            if (draw.Drawn > 0)
            {
                drawn.AddRange(draw.Positions);
                text += $" The {CycleJournal.Text(draw.Drawn)} {fee.Asset} commission came out of the bot's {fee.Asset} (#{string.Join(", #", draw.Positions.Select(p => p.Sequence))}).";
            }
        }

        return (drawn, data, text);
    }

    /// <summary>
    /// Adds a booking's result to the UTC day: dust written off is audited on its own, a loss starts the cool-down,
    /// and a day's loss at the limit latches the kill switch, all in the booking's commit.
    /// </summary>
    private (RiskState State, DailyPnl Pnl) ApplyDayResult(CycleContext context, RiskState state, Position position, decimal result, int trades, List<AuditRecord> audit)
    {
        var now = time.GetUtcNow();
        if (position.Status == PositionStatus.Dust && position.DustWrittenOff != 0)
        {
            audit.Add(journal.Audit(
                AuditKind.DustWrittenOff,
                $"#{position.Sequence}: {CycleJournal.Text(position.Quantity)} {position.Symbol} kept as dust; cost {CycleJournal.Text(position.DustWrittenOff)} written off. A later entry in the asset absorbs it.",
                PositionData(position)));
        }

        var transition = RiskTransitions.Apply(state, new RiskEvent.ResultBooked(result, now), risk.Value);
        audit.AddRange(journal.Audits(transition));
        var today = transition.State.TradingDay!.Value;
        var previousDay = context.Pnl.FirstOrDefault(p => p.Day == today);
        return (transition.State, new DailyPnl(today, transition.State.DayRealizedPnl, (previousDay?.Trades ?? 0) + trades));
    }

    private static RiskState Release(RiskState state, Position intent) =>
        intent.Status == PositionStatus.Pending ? state with { ReservedQuote = Math.Max(0, state.ReservedQuote - intent.ReservedQuote) } : state;

    /// <summary>
    /// Commits an intent's end: the positions it touched (the intent first), the state, the audit, the day's PnL, and
    /// the lock this cycle set on the symbol for an unknown outcome released.
    /// </summary>
    private Task EndIntentAsync(CycleContext context, RiskState state, IReadOnlyList<AuditRecord> audit, IReadOnlyList<Position> positions, DailyPnl? pnl, CancellationToken cancellationToken)
    {
        var symbol = positions[0].Symbol;
        return journal.CommitAsync(
            context,
            new LedgerChange(state, context.Version, audit)
            {
                Positions = positions,
                Pnl = pnl,
                ReleasedLocks = context.Locks.Any(l => l.Symbol == symbol && l.CreatedBy == CycleJournal.Actor) ? [symbol] : [],
            },
            cancellationToken);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Order {ClientOrderId} on {Symbol} booked; the position is {Status}")]
    private partial void LogBooked(string symbol, string clientOrderId, PositionStatus status);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Position #{Sequence} on {Symbol} is not protected at the exchange: {Problem}")]
    private partial void LogUnprotected(string symbol, long sequence, string problem);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Entry {ClientOrderId} on {Symbol} filled beyond what risk approved")]
    private partial void LogOverfilled(string symbol, string clientOrderId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Intent on {Symbol} with order {ClientOrderId} is unresolved; the symbol stays blocked")]
    private partial void LogIntentUnknown(string symbol, string clientOrderId);
}
