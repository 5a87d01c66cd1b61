using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>
/// The money paths a review found no drill walked (issue 20), one test each, over fakes. Entry: 0.2 BTCUSDT at 100
/// (commission 0.0002 in base) → 0.1998 held at cost 20; stop 2 % (98, its limit 97.51) and take-profit 3 % (103).
/// </summary>
public sealed class MoneyPathTests
{
    private const string Account = "main";
    private const decimal Held = 0.1998m;
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeCycleLock _lock = new();
    private readonly FakeExchange _exchange = new();
    private readonly FakeTimeProvider _time = TestClock.Create();
    private readonly RiskOptions _risk = new() { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0, RecoveryGraceSeconds = 60 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string ListId = ClientOrderIds.ProtectionList(Account, 1, 1);

    // Path 1: whether a rest is dust depends on the quantity filters only, never on the symbol's status.
    [Fact]
    public async Task HaltedSymbol_StopPassed_PositionStaysOpen_HaltAuditedAndRecorded_SoldOnceItTradesAgain()
    {
        await EnterAsync(ProtectionMode.Bot);
        _exchange.Statuses["BTCUSDT"] = "BREAK";
        _exchange.Price = 97m;

        await CycleAsync(protection: ProtectionMode.Bot);
        await CycleAsync(protection: ProtectionMode.Bot);

        var halted = Position;
        Assert.Equal((PositionStatus.Open, Held, 20m, 0m, "BREAK"), (halted.Status, halted.Quantity, halted.HeldCost, halted.DustWrittenOff, halted.SymbolHalt));
        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.SymbolHalted && a.Message.Contains("BREAK", StringComparison.Ordinal));
        Assert.DoesNotContain(_exchange.Sent, s => s.Side == OrderSide.Sell);

        _exchange.Statuses.Remove("BTCUSDT");
        await CycleAsync(protection: ProtectionMode.Bot);

        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.SymbolResumed);
        Assert.Equal((OrderSide.Sell, 0.199m), (_exchange.Sent[^1].Side, _exchange.Sent[^1].Quantity));
        Assert.Equal((PositionStatus.Dust, null), (Position.Status, Position.SymbolHalt));
    }

    [Fact]
    public void ExitBooking_SymbolHaltedAtBookingTime_SellableRestStaysOpen()
    {
        var rules = FakeExchange.Rules("BTCUSDT") with { Status = "HALT" };
        var intent = new Position
        {
            Sequence = 1, Symbol = "BTCUSDT", Status = PositionStatus.Closing, EntryClientOrderId = "e", Quantity = 1m, HeldCost = 100m, ExitReason = "take-profit at the exchange",
            CreatedAt = TestClock.Start,
        };
        var outcome = new OrderOutcome("t", OrderProgress.Filled, 0.4m, 44m, [new Fill(110m, 0.4m, 0.044m, "USDT")]);

        var booked = PositionBooking.Exit(intent, outcome, new BookingMarket(rules, 110m, new Dictionary<string, decimal>()), TestClock.Start);

        Assert.Equal((PositionStatus.Open, 0.6m, 60m, 0m), (booked.Position.Status, booked.Position.Quantity, booked.Position.HeldCost, booked.WrittenOff));
    }

    // Path 3: every position the ledger holds is protected and stopped, whatever Bot__Symbols says now.
    [Fact]
    public async Task SymbolRemovedFromBotSymbols_ItsPositionStillGetsItsListOnRetry_AndItsBotSideStop()
    {
        _exchange.OcoAllowed = false;
        await EnterAsync(symbols: "BTCUSDT");
        Assert.Equal(ProtectionStatus.Failed, Position.Protection!.Status);

        _exchange.OcoAllowed = true;
        _time.Advance(Protection.FirstRetry + TimeSpan.FromSeconds(1));
        await CycleAsync("ETHUSDT");
        Assert.Equal(ProtectionStatus.Active, Position.Protection!.Status);

        // The list is canceled outside the bot and cannot be placed again: the bot-side stop holds the orphan.
        _exchange.OcoAllowed = false;
        Assert.True(await _exchange.CancelListAsync("BTCUSDT", Position.Protection!.ListClientOrderId, Ct));
        _exchange.Price = 97m;
        await CycleAsync("ETHUSDT");

        var sell = Assert.Single(_exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(ClientOrderIds.Exit(Account, 1), sell.ClientOrderId);
        Assert.Equal("stop-loss", Position.ExitReason);
        Assert.DoesNotContain(_exchange.Sent, s => s.ClientOrderId == ClientOrderIds.Entry(Account, 2));
    }

    // Path 5: a rest the filters no longer let anyone sell becomes dust once an exit or a list is refused for it.
    [Theory]
    [InlineData(ProtectionMode.Bot)]
    [InlineData(ProtectionMode.Exchange)]
    public async Task RestBelowMinimumNotional_ExitOrListRefused_BecomesDustWrittenOff_NoLongerCountsAsOpen(ProtectionMode protection)
    {
        await EnterAsync(protection);
        if (protection == ProtectionMode.Exchange)
        {
            Assert.True(await _exchange.CancelListAsync("BTCUSDT", ListId, Ct));
        }

        // 0.199 at 20 is 3.98 USDT, under the 5 USDT minimum notional.
        _exchange.Price = 20m;
        await CycleAsync(protection: protection);

        var dust = Position;
        Assert.Equal((PositionStatus.Dust, Held, 0m, 20m), (dust.Status, dust.Quantity, dust.HeldCost, dust.DustWrittenOff));
        Assert.False(dust.CountsAsOpen);
        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.ExitRefused && a.Message.Contains("NOTIONAL", StringComparison.Ordinal));
        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.DustWrittenOff);
        Assert.Equal(-20m, _ledger.State(Account)!.DayRealizedPnl);
        Assert.DoesNotContain(_exchange.Sent, s => s.Side == OrderSide.Sell);
    }

    // Path 4: a list missing from openOrderList while its own status says EXECUTING is left alone.
    [Fact]
    public async Task OpenOrderListLags_ListStillExecuting_NothingCanceledNothingSold()
    {
        await EnterAsync();
        _exchange.LaggingFromOpenLists.Add(ListId);
        _exchange.Price = 99m;

        await CycleAsync();
        await CycleAsync();

        Assert.Contains(ListId, _exchange.OpenLists);
        Assert.DoesNotContain(_exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal((PositionStatus.Open, ProtectionStatus.Active), (Position.Status, Position.Protection!.Status));
        Assert.DoesNotContain(_ledger.Audit(Account), a => a.Kind is AuditKind.ProtectionCanceled or AuditKind.ProtectionEnded or AuditKind.ExitIntent);
    }

    // Path 4: a stop leg that has not triggered (isWorking false) is never taken for one that missed its limit.
    [Fact]
    public async Task ListEnded_StopLegNotTriggered_NoMarketSell()
    {
        await EnterAsync();
        _exchange.OpenLists.Remove(ListId);

        await CycleAsync();

        Assert.DoesNotContain(_exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(OrderProgress.Working, _exchange.Book[ListId + "s"].Progress);
        Assert.Equal(PositionStatus.Open, Position.Status);
    }

    // Path 8: before attempt n+1 is placed, attempt n is looked up once more; a position never holds two lists.
    [Fact]
    public async Task ListDeclaredNeverPlaced_TurnsUpBeforeTheNextAttempt_AdoptedNotPlacedTwice()
    {
        _exchange.ListFailure = new ExchangeException("HTTP 502", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.ListFailureStillPlaces = true;
        _exchange.LaggingFromOpenLists.Add(ListId);
        _exchange.HiddenLookups[ListId] = 2;
        await EnterAsync();

        _time.Advance(TimeSpan.FromSeconds(70));
        _exchange.HiddenLookups[ListId] = 1;
        await CycleAsync();

        Assert.Equal([ListId], _exchange.ListsSent);
        Assert.Equal((ProtectionStatus.Active, 1), (Position.Protection!.Status, Position.Protection.Attempt));
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionEnded && a.Message.Contains("never placed", StringComparison.Ordinal));
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionPlaced && a.Message.Contains("turned up", StringComparison.Ordinal));
    }

    // Path 7: when the list's quantity is clamped below the position, the part above it keeps the bot-side stop.
    [Fact]
    public async Task ListClampedBelowThePosition_PriceUnderTheStop_BotReleasesTheListAndSells()
    {
        _exchange.OcoAllowed = false;
        await EnterAsync();
        _exchange.OcoAllowed = true;
        _exchange.AdjustRules = rules => rules with { Filters = [.. rules.Filters.Where(f => f is not LotSizeFilter), new LotSizeFilter(0.001m, 0.1m, 0.001m)] };
        _time.Advance(Protection.FirstRetry + TimeSpan.FromSeconds(1));
        await CycleAsync();
        var list = Position.Protection!;
        Assert.Equal((ProtectionStatus.Active, 0.1m), (list.Status, list.Quantity));

        _exchange.Price = 97m;
        await CycleAsync();

        Assert.DoesNotContain(list.ListClientOrderId, _exchange.OpenLists);
        var sell = Assert.Single(_exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(ClientOrderIds.Exit(Account, 1), sell.ClientOrderId);
        Assert.StartsWith("stop-loss", Position.ExitReason, StringComparison.Ordinal);
    }

    // Path 6: the per-trade loss risk judges is that of the shaped order down to the stop's limit, fees both ways.
    [Theory]
    [InlineData(0.54, true)]
    [InlineData(0.45, false)]
    public async Task Entry_LossJudgedOnTheShapedOrderToTheStopsLimitWithFees(decimal maxLoss, bool approved)
    {
        // 0.2 at 100: the stop at 98 sells at 97.51 or better; fees 0.1 % of 20 and of 19.502: 0.498 + 0.039502 = 0.537502.
        var risk = _risk with { MaxLossPerTradeQuote = maxLoss };
        _exchange.Closes = FakeExchange.CrossUp();

        await TestRunner.Create(_lock, _ledger, _exchange, _time, risk, protection: ProtectionMode.Exchange).RunAsync(Ct);

        Assert.Equal(approved, _exchange.Sent.Count == 1);
        if (!approved)
        {
            var refusal = Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused);
            Assert.Contains("0.537502", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecoveredEntry_FilledBeyondTheApprovedSize_Audited()
    {
        _exchange.Closes = FakeExchange.CrossUp();
        _exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _exchange.FailCount = 1;
        await CycleAsync();
        var id = ClientOrderIds.Entry(Account, 1);
        _exchange.Book[id] = new OrderOutcome(id, OrderProgress.Filled, 0.3m, 30m, [new Fill(100m, 0.3m, 0.0003m, "BTC")]);

        await CycleAsync();

        Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.EntryOverfilled && a.Message.Contains("0.3 for 30", StringComparison.Ordinal));
        Assert.Equal(0.2997m, Position.Quantity);
    }

    // Path 9: a list cancel that fails in Flatten: the legs are canceled one by one, booked as canceled, and the position sold in the same pass.
    [Fact]
    public async Task Flatten_ListCancelFails_LegsCanceledOneByOne_PositionSoldInTheSamePass()
    {
        await EnterAsync();
        _exchange.CancelListFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        _ledger.Put(_ledger.State(Account)! with { KillSwitch = new KillSwitchState(true, _time.GetUtcNow(), "alice", "drill", KillSwitchMode.Flatten) });

        await CycleAsync();

        Assert.Empty(_exchange.OpenLists);
        Assert.Equal((OrderProgress.Ended, OrderProgress.Ended), (_exchange.Book[ListId + "s"].Progress, _exchange.Book[ListId + "t"].Progress));
        var sell = Assert.Single(_exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(0.199m, sell.Quantity);
        Assert.Equal((PositionStatus.Dust, ProtectionStatus.Ended, "kill-switch flatten"), (Position.Status, Position.Protection!.Status, Position.ExitReason));
        Assert.Contains(_ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionEnded && a.Message.Contains("one by one", StringComparison.Ordinal));
    }

    // Path 2: a BNB commission comes out of the BNB a BNBUSDT position holds free; a list's locked BNB pays nothing.
    [Theory]
    [InlineData(ProtectionMode.Bot)]
    [InlineData(ProtectionMode.Exchange)]
    public async Task BnbFees_BnbPositionHeldFree_PaysTheCommissionOfTheNextFill_BooksEqualBase(ProtectionMode protection)
    {
        // Both enter in one cycle, BNBUSDT first: 0.2 each at 100, commission 0.075 % of 20 = 0.00015 BNB per fill.
        _exchange.FeeAsset = "BNB";
        _exchange.FeeAssetPrice = 100m;
        _exchange.Closes = FakeExchange.CrossUp();

        await CycleAsync("BNBUSDT,BTCUSDT", protection);

        var bnb = Assert.Single(_ledger.Positions(Account), p => p.Symbol == "BNBUSDT");
        var btc = Position;
        var btcFill = Assert.Single(_ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled && a.Data!["symbol"] == "BTCUSDT");
        Assert.Equal((0.2m, 20.015m), (btc.Quantity, btc.EntryCost));
        if (protection == ProtectionMode.Bot)
        {
            // The BNB the account gained: 0.2 bought − 0.00015 (its own fill) − 0.00015 (the BTC fill).
            Assert.Equal(0.1997m, bnb.Quantity);
            Assert.Equal(0.00015m, bnb.FeesDrawn);
            var costLeaving = 20m * 0.00015m / 0.19985m;
            Assert.Equal(20m - costLeaving, bnb.HeldCost);
            Assert.Equal(0.015m - costLeaving, bnb.RealizedPnl);
            Assert.Equal("0.00015", btcFill.Data!["commissionBNBDrawn"]);
        }
        else
        {
            // The BNB position is locked in its list: the commission came from BNB outside the ledger.
            Assert.Equal((0.19985m, 0m), (bnb.Quantity, bnb.FeesDrawn));
            Assert.Equal("0", btcFill.Data!["commissionBNBDrawn"]);
        }
    }

    // Path 2: every sell is capped at the free balance of the base asset.
    [Fact]
    public async Task Exit_FreeBaseBelowThePosition_SellsWhatIsFree()
    {
        await EnterAsync(ProtectionMode.Bot);
        _exchange.Free["BTC"] = 0.1505m;
        _exchange.Price = 97m;

        await CycleAsync(protection: ProtectionMode.Bot);

        Assert.Equal((OrderSide.Sell, 0.15m), (_exchange.Sent[^1].Side, _exchange.Sent[^1].Quantity));
    }

    private Position Position => Assert.Single(_ledger.Positions(Account), p => p.Symbol == "BTCUSDT");

    private async Task EnterAsync(ProtectionMode protection = ProtectionMode.Exchange, string symbols = "BTCUSDT")
    {
        _exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync(symbols, protection);
        Assert.Equal(Held, Position.Quantity);
        _exchange.Closes = FakeExchange.Flat();
    }

    private Task CycleAsync(string symbols = "BTCUSDT", ProtectionMode protection = ProtectionMode.Exchange) =>
        TestRunner.Create(_lock, _ledger, _exchange, _time, _risk, symbols, protection: protection).RunAsync(Ct);
}
