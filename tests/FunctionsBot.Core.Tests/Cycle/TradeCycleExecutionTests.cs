using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>Write-ahead intents, fills, recovery, exits, the daily loss latch, the breaker and Flatten, over fakes.</summary>
public sealed class TradeCycleExecutionTests
{
    private const string Account = "main";
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeCycleLock _lock = new();
    private readonly FakeExchange _exchange = new();
    private readonly FakeTimeProvider _time = TestClock.Create();
    private RiskOptions _risk = new() { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0, RecoveryGraceSeconds = 60, BreakerFailures = 2, BreakerOpenSeconds = 120 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entry_CrossUp_IntentCommittedThenOneOrderThenOpenPosition()
    {
        _exchange.Closes = FakeExchange.CrossUp();

        await CycleAsync();

        var sent = Assert.Single(_exchange.Sent);
        Assert.Equal((ClientOrderIds.Entry(Account, 1), OrderSide.Buy, 0.2m), sent);
        var position = Assert.Single(_ledger.Positions(Account));
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(0.2m - (0.2m * FakeExchange.Commission), position.Quantity);
        Assert.Equal(20m, position.EntryCost);
        Assert.Equal(0m, State.ReservedQuote);
        var kinds = _ledger.Audit(Account).Select(a => a.Kind).ToList();
        Assert.True(kinds.IndexOf(AuditKind.EntryIntent) < kinds.IndexOf(AuditKind.OrderFilled));
        Assert.Null(AuditChain.Verify(_ledger.Audit(Account).Reverse().ToList(), AuditHead.Of(State)));
    }

    [Fact]
    public async Task Entry_HostStopsWhileTheOrderIsInFlight_OrderAndFillStillCommitted()
    {
        using var shutdown = new CancellationTokenSource();
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.OnPlace = shutdown.Cancel;

        try
        {
            await TestRunner.Create(_lock, _ledger, _exchange, _time, _risk).RunAsync(shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            // Whatever comes after the fill may stop; the fill must not.
        }

        Assert.Single(_exchange.Sent);
        var position = Assert.Single(_ledger.Positions(Account));
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled);
        Assert.True(_lock.LastLease!.Released);
    }

    [Fact]
    public async Task Entry_OutcomeUnknownAndNeverPlaced_PendingAndLockedThenFailedAfterGrace_NeverResent()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 1;

        await CycleAsync();
        Assert.Equal(PositionStatus.Pending, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.True(State.ReservedQuote > 0);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.IntentStillUnknown);

        _time.Advance(TimeSpan.FromSeconds(30));
        await CycleAsync();
        Assert.Equal(PositionStatus.Pending, Assert.Single(_ledger.Positions(Account)).Status);

        _time.Advance(TimeSpan.FromSeconds(40));
        _exchange.Closes = FakeExchange.Flat();
        await CycleAsync();

        Assert.Equal(PositionStatus.Failed, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.Equal(0m, State.ReservedQuote);
        Assert.Single(_exchange.Sent);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.IntentFailed);
    }

    [Fact]
    public async Task Entry_OutcomeUnknownButPlaced_RecoveredAsOpenNextCycle_NeverResent()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("timeout", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 1;
        _exchange.FailureStillPlaces = true;

        await CycleAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        await CycleAsync();

        Assert.Equal(PositionStatus.Open, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.Single(_exchange.Sent);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.IntentRecovered);
        Assert.Equal(0m, State.ReservedQuote);
    }

    [Fact]
    public async Task Entry_MarketOrderExpiresWithNothingFilled_IntentFailsReservationReleasedCycleCompletes()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.FillFraction = 0m;

        var result = await TestRunner.Create(_lock, _ledger, _exchange, _time, _risk).RunAsync(Ct);

        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        Assert.Equal(PositionStatus.Failed, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.Equal(0m, State.ReservedQuote);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.IntentFailed && a.Message.Contains("filled nothing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_PartlyFilled_RestStaysOpenAndTheNextCycleSellsItUnderANewClientOrderId()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync();
        _exchange.Closes = FakeExchange.Flat();
        _exchange.Price = 97m;
        _exchange.FillFraction = 0.5m;
        _time.Advance(TimeSpan.FromMinutes(1));

        await CycleAsync();
        var afterFirst = Assert.Single(_ledger.Positions(Account));
        _exchange.FillFraction = 1m;
        _time.Advance(TimeSpan.FromMinutes(1));
        await CycleAsync();

        // Held 0.1998: half of the 0.199 sent filled (0.099 on the lot step), 0.1008 stayed open; then 0.1 of it sold, 0.0008 is dust.
        Assert.Equal((PositionStatus.Open, 0.1008m), (afterFirst.Status, afterFirst.Quantity));
        var sells = _exchange.Sent.Where(s => s.Side == OrderSide.Sell).ToList();
        Assert.Equal([ClientOrderIds.Exit(Account, 1), ClientOrderIds.Exit(Account, 1, 2)], sells.Select(s => s.ClientOrderId));
        var position = Assert.Single(_ledger.Positions(Account));
        Assert.Equal((PositionStatus.Dust, 0.0008m, 2), (position.Status, position.Quantity, position.ExitCount));
        var proceeds = ((0.099m + 0.1m) * 97m) * (1 - FakeExchange.Commission);
        Assert.Equal(proceeds - 20m, State.DayRealizedPnl, 20);
        Assert.Equal(2, _ledger.Pnl(Account).Single().Trades);
    }

    [Fact]
    public async Task Entry_AccountPaysFeesInBnb_FeeValuedAtTheBnbPriceIntoTheCostAndAudited()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.FeeAsset = "BNB";

        await CycleAsync();

        var position = Assert.Single(_ledger.Positions(Account));
        var bnb = decimal.Round(20m * 0.00075m / _exchange.FeeAssetPrice, 8, MidpointRounding.ToPositiveInfinity);
        Assert.Equal((0.2m, 20m + (bnb * _exchange.FeeAssetPrice)), (position.Quantity, position.EntryCost));
        Assert.Single(_exchange.PricesAsked, "BNBUSDT");
        var filled = Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled);
        Assert.Equal("500", filled.Data!["commissionBNBPrice"]);
    }

    [Fact]
    public async Task Entry_LeaseLostBetweenIntentAndPost_NoOrderSentAndNothingMoreWritten()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _lock.OnGrant = lease => lease.LoseAtEnsureCall = 2; // the check after the intent committed

        var result = await TestRunner.Create(_lock, _ledger, _exchange, _time, _risk).RunAsync(Ct);

        Assert.Equal(CycleOutcome.LeaseLost, result.Outcome);
        Assert.Empty(_exchange.Sent);
        Assert.Equal(PositionStatus.Pending, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.Equal(AuditKind.EntryIntent, _ledger.Audit(Account).Last().Kind);
    }

    [Fact]
    public async Task Entry_LeaseShorterThanTheOrderCallBound_StopsBeforeTheIntent()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.OrderCallBound = TimeSpan.FromSeconds(28); // + 5 s margin > the 30 s the lease has left
        var commitsBefore = _ledger.Commits;

        var result = await TestRunner.Create(_lock, _ledger, _exchange, _time, _risk).RunAsync(Ct);

        Assert.Equal(CycleOutcome.LeaseLost, result.Outcome);
        Assert.Empty(_exchange.Sent);
        Assert.DoesNotContain(_ledger.Positions(Account), p => p.IsIntent);
        Assert.DoesNotContain(_ledger.Audit(Account), a => a.Kind == AuditKind.EntryIntent);
        Assert.True(_ledger.Commits - commitsBefore <= 1, "only the day roll before the entry was written");
    }

    [Fact]
    public async Task Entry_DefinitelyRejected_FailedAndReservationReleased()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("-2010 insufficient balance", ExecutionStatus.Rejected, ExchangeFailure.Refused);
        _exchange.FailCount = 1;

        await CycleAsync();

        Assert.Equal(PositionStatus.Failed, Assert.Single(_ledger.Positions(Account)).Status);
        Assert.Equal(0m, State.ReservedQuote);
        Assert.Equal(0, State.Breaker.ConsecutiveFailures);
    }

    [Fact]
    public async Task Exit_StopLossHit_SoldAndLossBookedForTheDay()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync();
        _exchange.Closes = FakeExchange.Flat();
        _exchange.Price = 97m; // 3 % below entry, stop at 2 %
        _time.Advance(TimeSpan.FromMinutes(1));

        await CycleAsync();

        // Held 0.1998 after the entry's base commission; sold down to the lot step, 0.199; the 0.0008 left is
        // below LOT_SIZE's minimum, so it is dust with its share of the cost written off.
        var position = Assert.Single(_ledger.Positions(Account));
        Assert.Equal((PositionStatus.Dust, "stop-loss", 0.0008m), (position.Status, position.ExitReason, position.Quantity));
        var proceeds = (0.199m * 97m) - (0.199m * 97m * FakeExchange.Commission);
        Assert.Equal(proceeds - (20m * 0.199m / 0.1998m), position.RealizedPnl);
        Assert.Equal(20m - (20m * 0.199m / 0.1998m), position.DustWrittenOff);
        Assert.Equal(proceeds - 20m, State.DayRealizedPnl);
        Assert.Equal((ClientOrderIds.Exit(Account, 1), OrderSide.Sell), (_exchange.Sent[1].ClientOrderId, _exchange.Sent[1].Side));
    }

    [Fact]
    public async Task Exit_LossBreachesTheDailyLimit_LatchesKillSwitchAndBlocksEntries()
    {
        _risk = _risk with { DailyLossLimitQuote = 0.5m };
        _exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync();
        _exchange.Closes = FakeExchange.Flat();
        _exchange.Price = 95m;
        _time.Advance(TimeSpan.FromMinutes(1));
        await CycleAsync();
        Assert.True(State.KillSwitch.Active);
        Assert.Equal("risk:daily-loss-limit", State.KillSwitch.ChangedBy);
        Assert.Contains("%", State.KillSwitch.Reason, StringComparison.Ordinal);

        _exchange.Closes = FakeExchange.CrossUp();
        _time.Advance(TimeSpan.FromMinutes(1));
        await CycleAsync();

        Assert.Equal(2, _exchange.Sent.Count);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused && a.Data!["code"] == "KillSwitchActive");
    }

    [Fact]
    public async Task Entry_PendingIntentElsewhere_CountsTowardMaxOpenPositions()
    {
        _risk = _risk with { MaxOpenPositions = 1 };
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 1;

        await CycleAsync("BTCUSDT,ETHUSDT");

        Assert.Single(_exchange.Sent);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused && a.Data!["code"] == "MaxOpenPositions" && a.Data["utilizationPercent"] == "200");
    }

    [Fact]
    public async Task Breaker_OpensAtThresholdThenOneProbeClosesIt()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 2;
        _risk = _risk with { RecoveryGraceSeconds = 5 };

        await CycleAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        await CycleAsync(); // the first intent fails after grace; a second entry fails too
        Assert.True(State.Breaker.IsOpenAt(_time.GetUtcNow()));
        Assert.Equal(1, State.Breaker.Trips);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.BreakerOpened);

        _time.Advance(TimeSpan.FromSeconds(10));
        await CycleAsync();
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused && a.Data!["code"] == "CircuitBreakerOpen");
        var sentWhileOpen = _exchange.Sent.Count;

        _time.Advance(TimeSpan.FromSeconds(130));
        await CycleAsync();

        Assert.Equal(sentWhileOpen + 1, _exchange.Sent.Count); // exactly one probe
        Assert.False(State.Breaker.IsOpenAt(_time.GetUtcNow()));
        Assert.Equal(0, State.Breaker.ConsecutiveFailures);
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.BreakerClosed);
    }

    [Fact]
    public async Task Breaker_MoreFailuresWhileOpen_SameOutage_NotReopenedNorExtended()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 1;
        await CycleAsync(); // failure 1 of 2
        _exchange.MarketDataFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        await CycleAsync("BTCUSDT,ETHUSDT"); // BTCUSDT's price opens it; ETHUSDT's finds it open
        var opened = State.Breaker;
        Assert.Equal(1, opened.Trips);
        var audited = _ledger.Audit(Account).Count;

        _time.Advance(TimeSpan.FromSeconds(30));
        await CycleAsync("BTCUSDT,ETHUSDT");

        Assert.Equal(opened, State.Breaker);
        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.BreakerOpened);
        Assert.DoesNotContain(_ledger.Audit(Account).Take(_ledger.Audit(Account).Count - audited), a => a.Kind is AuditKind.BreakerOpened or AuditKind.OrderUnknown);
    }

    [Fact]
    public async Task Breaker_OneRateLimitHittingEverySymbolsRead_CountsOnce()
    {
        _exchange.MarketDataFailure = new ExchangeException("HTTP 429 (-1003)", ExecutionStatus.Rejected, ExchangeFailure.Outage);

        await CycleAsync("BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,DOGEUSDT,ADAUSDT,TRXUSDT");

        Assert.Equal((1, (DateTimeOffset?)null), (State.Breaker.ConsecutiveFailures, State.Breaker.OpenUntil));
        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.OrderUnknown);
    }

    [Fact]
    public async Task Breaker_CallsNotSentWhileBackingOff_NotCounted()
    {
        _exchange.MarketDataFailure = new ExchangeException("not sent: back off", ExecutionStatus.Rejected, ExchangeFailure.BackingOff);

        for (var i = 0; i < 3; i++)
        {
            await CycleAsync("BTCUSDT,ETHUSDT");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(CircuitBreakerState.Closed, State.Breaker);
        Assert.DoesNotContain(_ledger.Audit(Account), a => a.Kind is AuditKind.BreakerOpened or AuditKind.OrderUnknown);
    }

    [Fact]
    public async Task Flatten_KillSwitchInFlattenMode_ClosesEveryPositionAndAuditsEachStep()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync("BTCUSDT,ETHUSDT");
        Assert.Equal(2, _ledger.Positions(Account).Count(p => p.Status == PositionStatus.Open));
        _ledger.Put(State with { KillSwitch = new KillSwitchState(true, _time.GetUtcNow(), "alice", "drill", KillSwitchMode.Flatten) });
        _time.Advance(TimeSpan.FromMinutes(1));

        await CycleAsync("BTCUSDT,ETHUSDT");

        Assert.All(_ledger.Positions(Account), p => Assert.Equal((false, "kill-switch flatten"), (p.CountsAsOpen, p.ExitReason)));
        Assert.Equal(2, _ledger.Audit(Account).Count(a => a.Kind == AuditKind.FlattenStep));
        Assert.Equal(2, _exchange.Sent.Count(s => s.Side == OrderSide.Sell));
    }

    private RiskState State => _ledger.State(Account)!;

    private Task CycleAsync(string symbols = "BTCUSDT") => TestRunner.Create(_lock, _ledger, _exchange, _time, _risk, symbols).RunAsync(Ct);
}
