using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Core.Cycle;

public sealed partial class TradeCycleRunner
{
    private async Task TradeSymbolAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        if (context.Positions.Any(p => p.Symbol == symbol && p.IsIntent))
        {
            return; // an unresolved intent blocks the symbol
        }

        var open = context.Positions.FirstOrDefault(p => p.Symbol == symbol && p.Status == PositionStatus.Open);
        decimal price;
        Signal signal;
        try
        {
            context.ThrowIfLeaseLost();
            var closes = await exchange.GetClosedClosesAsync(symbol, strategyOptions.Value.Interval, Strategy.RequiredCandles, cancellationToken).ConfigureAwait(false);
            price = await exchange.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false);
            signal = Strategy.Evaluate(closes);
        }
        catch (ExchangeException ex)
        {
            await RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (open is not null)
        {
            var reason = price <= open.StopPrice ? "stop-loss" : price >= open.TakeProfitPrice ? "take-profit" : signal == Signal.Exit ? "strategy" : null;
            if (reason is not null)
            {
                await ExitAsync(context, open, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (signal == Signal.Enter)
        {
            await EntryAsync(context, symbol, price, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EntryAsync(CycleContext context, string symbol, decimal price, CancellationToken cancellationToken)
    {
        var options = strategyOptions.Value;
        SymbolRules rules;
        decimal average;
        decimal free;
        try
        {
            context.ThrowIfLeaseLost();
            rules = await exchange.GetRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
            average = await exchange.GetAveragePriceAsync(symbol, cancellationToken).ConfigureAwait(false);
            free = await exchange.GetFreeBalanceAsync(bot.Value.QuoteAsset, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        var stopFraction = options.StopLossPercent / 100m;
        var request = new RiskRequest(symbol, options.TradeQuote, options.TradeQuote * stopFraction);
        var decision = risk.Evaluate(request, new RiskContext(context.State, context.Positions, context.Locks, free, time.GetUtcNow()));
        if (!decision.Approved)
        {
            await RefuseAsync(context, symbol, decision, cancellationToken).ConfigureAwait(false);
            return;
        }

        var spendable = free - context.State.ReservedQuote - riskOptions.Value.MinFreeQuote;
        var shaped = OrderShaper.Shape(
            rules,
            new ShapedOrder(symbol, OrderSide.Buy, OrderType.Market, options.TradeQuote / price, null),
            spendable / Math.Max(price, average),
            new ShapingContext(average, 0));
        if (shaped.Order is not { } order)
        {
            await RefuseAsync(context, symbol, RiskDecision.Refuse(RiskRejectionCode.ExchangeFilter, $"Exchange filter {shaped.Rejection}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var sequence = context.State.PositionSequence + 1;
        var reserve = decimal.Round(order.Quantity * Math.Max(price, average), 8, MidpointRounding.ToPositiveInfinity);
        var intent = new Position
        {
            Sequence = sequence,
            Symbol = symbol,
            Status = PositionStatus.Pending,
            EntryClientOrderId = ClientOrderIds.Entry(context.Account, sequence),
            ReservedQuote = reserve,
            RequestedQuantity = order.Quantity,
            CreatedAt = time.GetUtcNow(),
        };
        await ExecuteAsync(
            context,
            context.State with { PositionSequence = sequence, ReservedQuote = context.State.ReservedQuote + reserve },
            intent,
            Audit(AuditKind.EntryIntent, $"Entry intent #{sequence}: BUY {Text(order.Quantity)} {symbol} at market (~{Text(price)}), {Text(reserve)} reserved, as {intent.EntryClientOrderId}.", PositionData(intent)),
            OrderSide.Buy,
            order.Quantity,
            intent.EntryClientOrderId,
            (filled, token) => CommitEntryFillAsync(context, intent, filled, AuditKind.OrderFilled, token),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task ExitAsync(CycleContext context, Position position, string reason, CancellationToken cancellationToken)
    {
        SymbolRules rules;
        decimal average;
        try
        {
            context.ThrowIfLeaseLost();
            rules = await exchange.GetRulesAsync(position.Symbol, cancellationToken).ConfigureAwait(false);
            average = await exchange.GetAveragePriceAsync(position.Symbol, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        var shaped = OrderShaper.Shape(
            rules, new ShapedOrder(position.Symbol, OrderSide.Sell, OrderType.Market, position.Quantity, null), position.Quantity, new ShapingContext(average, 0));
        if (shaped.Order is not { } order)
        {
            await RefuseAsync(context, position.Symbol, RiskDecision.Refuse(RiskRejectionCode.ExchangeFilter, $"Exit of #{position.Sequence} ({reason}) cannot pass the exchange filters: {shaped.Rejection}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var intent = position with
        {
            Status = PositionStatus.Closing,
            ExitClientOrderId = ClientOrderIds.Exit(context.Account, position.Sequence),
            ExitReason = reason,
            ExitRequestedAt = time.GetUtcNow(),
        };
        await ExecuteAsync(
            context,
            context.State,
            intent,
            Audit(AuditKind.ExitIntent, $"Exit intent #{position.Sequence} ({reason}): SELL {Text(order.Quantity)} {position.Symbol} at market, as {intent.ExitClientOrderId}.", PositionData(intent)),
            OrderSide.Sell,
            order.Quantity,
            intent.ExitClientOrderId!,
            (filled, token) => CommitExitFillAsync(context, intent, filled, AuditKind.OrderFilled, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The write-ahead protocol: commit the intent (fenced), send the order once, commit the fill. A failure
    /// to place leaves the intent to be resolved by client order id; nothing is ever resent.
    /// </summary>
    private async Task ExecuteAsync(
        CycleContext context,
        RiskState intentState,
        Position intent,
        AuditRecord intentAudit,
        OrderSide side,
        decimal quantity,
        string clientOrderId,
        Func<OrderOutcome, CancellationToken, Task> commitFill,
        CancellationToken cancellationToken)
    {
        crash.Reached(CrashPoint.BeforeIntent);
        await CommitAsync(context, intentState, intentAudit, cancellationToken, intent).ConfigureAwait(false);
        crash.Reached(CrashPoint.AfterIntent);
        context.ThrowIfLeaseLost();

        // From here the order and its record are finished even if the host is shutting down: cancelling the
        // POST would turn a clean fill into an unknown outcome for recovery. The client's own per-attempt
        // timeout bounds the wait.
        var finish = CancellationToken.None;
        OrderOutcome filled;
        try
        {
            filled = await exchange.PlaceMarketOrderAsync(intent.Symbol, side, quantity, clientOrderId, finish).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            await OrderFailedAsync(context, intent, ex, finish).ConfigureAwait(false);
            return;
        }

        crash.Reached(CrashPoint.AfterPost);
        await commitFill(filled, finish).ConfigureAwait(false);
    }

    /// <summary>A definite rejection abandons the intent; an unknown outcome keeps it for recovery and blocks the symbol.</summary>
    private async Task OrderFailedAsync(CycleContext context, Position intent, ExchangeException failure, CancellationToken cancellationToken)
    {
        var clientOrderId = intent.Status == PositionStatus.Pending ? intent.EntryClientOrderId : intent.ExitClientOrderId!;
        if (failure.Execution == ExecutionStatus.Rejected)
        {
            await RecordExchangeFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
            await AbandonIntentAsync(context, intent, $"the exchange rejected {clientOrderId}: {failure.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        await RecordExchangeFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
        await StillUnknownAsync(context, intent, clientOrderId, $"placement outcome unknown ({failure.Message}); it will be looked up by client order id, never resent", cancellationToken).ConfigureAwait(false);
    }

    private async Task CommitEntryFillAsync(CycleContext context, Position intent, OrderOutcome filled, AuditKind kind, CancellationToken cancellationToken)
    {
        crash.Reached(CrashPoint.BeforeCommit);
        var options = strategyOptions.Value;
        var entryPrice = filled.QuoteQuantity / filled.ExecutedQuantity;
        var open = intent with
        {
            Status = PositionStatus.Open,
            Quantity = filled.ExecutedQuantity - filled.CommissionInBase,
            EntryCost = filled.QuoteQuantity + filled.CommissionInQuote,
            EntryPrice = entryPrice,
            StopPrice = entryPrice * (1 - (options.StopLossPercent / 100m)),
            TakeProfitPrice = entryPrice * (1 + (options.TakeProfitPercent / 100m)),
            OpenedAt = time.GetUtcNow(),
        };
        var (state, breakerAudit) = CloseBreaker(context.State with { ReservedQuote = Math.Max(0, context.State.ReservedQuote - intent.ReservedQuote) });
        await CommitAsync(
            context,
            new LedgerChange(
                state,
                context.Version,
                [Audit(kind, $"Entry #{intent.Sequence} filled: bought {Text(filled.ExecutedQuantity)} {intent.Symbol} for {Text(filled.QuoteQuantity)} (avg {Text(entryPrice)}), holding {Text(open.Quantity)} after commission.", PositionData(open)), .. breakerAudit])
            {
                Positions = [open],
                ReleasedLocks = OwnLockOn(context, intent.Symbol),
            },
            cancellationToken).ConfigureAwait(false);
        LogFilled(intent.Symbol, intent.EntryClientOrderId);
    }

    private async Task CommitExitFillAsync(CycleContext context, Position intent, OrderOutcome filled, AuditKind kind, CancellationToken cancellationToken)
    {
        crash.Reached(CrashPoint.BeforeCommit);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var proceeds = filled.QuoteQuantity - filled.CommissionInQuote;
        var pnl = proceeds - intent.EntryCost;
        var closed = intent with { Status = PositionStatus.Closed, ExitProceeds = proceeds, RealizedPnl = pnl, ClosedAt = now };
        var dayPnl = context.State.RealizedOn(today) + pnl;
        var options = riskOptions.Value;
        var (state, breakerAudit) = CloseBreaker(context.State with
        {
            TradingDay = today,
            DayRealizedPnl = dayPnl,
            CooldownUntil = pnl < 0 && options.CooldownMinutes > 0 ? now.AddMinutes(options.CooldownMinutes) : context.State.CooldownUntil,
        });
        var audit = new List<AuditRecord>
        {
            Audit(kind, $"Exit #{intent.Sequence} ({intent.ExitReason}) filled: sold {Text(filled.ExecutedQuantity)} {intent.Symbol} for {Text(proceeds)} net; realized {Text(pnl)}; today {Text(dayPnl)}.", PositionData(closed)),
        };
        audit.AddRange(breakerAudit);
        if (pnl < 0 && options.CooldownMinutes > 0)
        {
            audit.Add(Audit(AuditKind.CooldownStarted, $"Losing trade ({Text(pnl)}): no entries until {state.CooldownUntil:O} (Risk__CooldownMinutes = {options.CooldownMinutes})."));
        }

        var loss = -dayPnl;
        if (loss >= options.DailyLossLimitQuote && !state.KillSwitch.Active)
        {
            var why = RiskDecision.Limit(RiskRejectionCode.DailyLossLimit, $"Realized loss today ({today:yyyy-MM-dd} UTC)", loss, options.DailyLossLimitQuote, "Risk__DailyLossLimitQuote").Message;
            state = state with { KillSwitch = new KillSwitchState(true, now, "risk:daily-loss-limit", why, KillSwitchMode.BlockEntries) };
            audit.Add(Audit(AuditKind.KillSwitchActivated, $"Daily loss limit breached; kill switch latched until a person re-arms it. {why}"));
        }

        var previousDay = context.Pnl.FirstOrDefault(p => p.Day == today);
        await CommitAsync(
            context,
            new LedgerChange(state, context.Version, audit)
            {
                Positions = [closed],
                Pnl = new DailyPnl(today, dayPnl, (previousDay?.Trades ?? 0) + 1),
                ReleasedLocks = OwnLockOn(context, intent.Symbol),
            },
            cancellationToken).ConfigureAwait(false);
        LogFilled(intent.Symbol, intent.ExitClientOrderId!);
    }

    private async Task RefuseAsync(CycleContext context, string symbol, RiskDecision decision, CancellationToken cancellationToken)
    {
        LogRefused(symbol, decision.Code, decision.Message);
        var data = decision.Numbers.ToDictionary(p => p.Key, p => p.Value);
        data["code"] = decision.Code?.ToString() ?? string.Empty;
        data["symbol"] = symbol;
        await CommitAsync(context, context.State, Audit(AuditKind.RiskRefused, $"{symbol} entry refused ({decision.Code}): {decision.Message}", data), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kill switch in Flatten mode: cancel the bot's open orders and close every position at market, each step audited.</summary>
    private async Task FlattenAsync(CycleContext context, CancellationToken cancellationToken)
    {
        foreach (var symbol in bot.Value.SymbolList)
        {
            context.ThrowIfLeaseLost();
            try
            {
                var canceled = await exchange.CancelOpenOrdersAsync(symbol, ClientOrderIds.Prefix(context.Account), cancellationToken).ConfigureAwait(false);
                if (canceled > 0)
                {
                    await CommitAsync(context, context.State, Audit(AuditKind.FlattenStep, $"Flatten: canceled {canceled} open orders on {symbol}."), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ExchangeException ex)
            {
                await RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var position in context.Positions.Where(p => p.Status == PositionStatus.Open).ToList())
        {
            await CommitAsync(context, context.State, Audit(AuditKind.FlattenStep, $"Flatten: closing #{position.Sequence} ({Text(position.Quantity)} {position.Symbol}) at market.", PositionData(position)), cancellationToken).ConfigureAwait(false);
            await ExitAsync(context, position, "kill-switch flatten", cancellationToken).ConfigureAwait(false);
        }
    }
}
