using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>
/// The money paths a review found no drill walked (issue 20), one test each, over fakes, from the entry of
/// <see cref="CycleScenario"/>; each fails with its fix taken out.
/// </summary>
public sealed class MoneyPathTests : CycleScenario
{
    [Fact]
    public async Task HaltedSymbol_StopPassed_PositionStaysOpen_HaltAuditedAndRecorded_SoldOnceItTradesAgain()
    {
        await EnterAsync(ProtectionMode.Bot);
        Exchange.Statuses["BTCUSDT"] = "BREAK";
        Exchange.Price = 97m;

        await CycleAsync(protection: ProtectionMode.Bot);
        await CycleAsync(protection: ProtectionMode.Bot);

        var halted = Position;
        Assert.Equal((PositionStatus.Open, Held, 20m, 0m, "BREAK"), (halted.Status, halted.Quantity, halted.HeldCost, halted.DustWrittenOff, halted.SymbolHalt));
        Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.SymbolHalted && a.Message.Contains("BREAK", StringComparison.Ordinal));
        Assert.DoesNotContain(Exchange.Sent, s => s.Side == OrderSide.Sell);
        var bot = Options.Create(new BotOptions { Account = Account, Symbols = "BTCUSDT" });
        var health = await new ProtectionHealthCheck(new HealthLedger(Ledger, bot, Time), bot, Options.Create(new StrategyOptions { Protection = ProtectionMode.Bot }))
            .CheckHealthAsync(new HealthCheckContext(), Ct);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("BTCUSDT #1 is BREAK", health.Description, StringComparison.Ordinal);

        Exchange.Statuses.Remove("BTCUSDT");
        await CycleAsync(protection: ProtectionMode.Bot);

        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.SymbolResumed);
        Assert.Equal((OrderSide.Sell, 0.199m), (Exchange.Sent[^1].Side, Exchange.Sent[^1].Quantity));
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
        Exchange.OcoAllowed = false;
        await EnterAsync(symbols: "BTCUSDT");
        Assert.Equal(ProtectionStatus.Failed, Position.Protection!.Status);

        Exchange.OcoAllowed = true;
        Time.Advance(Protection.FirstRetry + TimeSpan.FromSeconds(1));
        await CycleAsync("ETHUSDT");
        Assert.Equal(ProtectionStatus.Active, Position.Protection!.Status);

        // The list is canceled outside the bot and cannot be placed again: the bot-side stop holds the orphan.
        Exchange.OcoAllowed = false;
        Assert.True(await Exchange.CancelListAsync("BTCUSDT", Position.Protection!.ListClientOrderId, Ct));
        Exchange.Price = 97m;
        await CycleAsync("ETHUSDT");

        var sell = Assert.Single(Exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(ClientOrderIds.Exit(Account, 1), sell.ClientOrderId);
        Assert.Equal("stop-loss", Position.ExitReason);
        Assert.DoesNotContain(Exchange.Sent, s => s.ClientOrderId == ClientOrderIds.Entry(Account, 2));
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
            Assert.True(await Exchange.CancelListAsync("BTCUSDT", ListId, Ct));
        }

        // 0.199 at 20 is 3.98 USDT, under the 5 USDT minimum notional.
        Exchange.Price = 20m;
        await CycleAsync(protection: protection);

        var dust = Position;
        Assert.Equal((PositionStatus.Dust, Held, 0m, 20m), (dust.Status, dust.Quantity, dust.HeldCost, dust.DustWrittenOff));
        Assert.False(dust.CountsAsOpen);
        Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.ExitRefused && a.Message.Contains("NOTIONAL", StringComparison.Ordinal));
        Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.DustWrittenOff);
        Assert.Equal(-20m, Ledger.State(Account)!.DayRealizedPnl);
        Assert.DoesNotContain(Exchange.Sent, s => s.Side == OrderSide.Sell);
    }

    // Path 4: a list missing from openOrderList while its own status says EXECUTING is left alone.
    [Fact]
    public async Task OpenOrderListLags_ListStillExecuting_NothingCanceledNothingSold()
    {
        await EnterAsync();
        Exchange.LaggingFromOpenLists.Add(ListId);
        Exchange.Price = 99m;

        await CycleAsync();
        await CycleAsync();

        Assert.Contains(ListId, Exchange.OpenLists);
        Assert.DoesNotContain(Exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal((PositionStatus.Open, ProtectionStatus.Active), (Position.Status, Position.Protection!.Status));
        Assert.DoesNotContain(Ledger.Audit(Account), a => a.Kind is AuditKind.ProtectionCanceled or AuditKind.ProtectionEnded or AuditKind.ExitIntent);
    }

    // Path 4: a stop leg that has not triggered (isWorking false) is never taken for one that missed its limit.
    [Fact]
    public async Task ListEnded_StopLegNotTriggered_NoMarketSell()
    {
        await EnterAsync();
        Exchange.OpenLists.Remove(ListId);

        await CycleAsync();

        Assert.DoesNotContain(Exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(OrderProgress.Working, Exchange.Book[ListId + "s"].Progress);
        Assert.Equal(PositionStatus.Open, Position.Status);
    }

    // Path 8: before attempt n+1 is placed, attempt n is looked up once more; a position never holds two lists.
    [Fact]
    public async Task ListDeclaredNeverPlaced_TurnsUpBeforeTheNextAttempt_AdoptedNotPlacedTwice()
    {
        Exchange.ListFailure = new ExchangeException("HTTP 502", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        Exchange.ListFailureStillPlaces = true;
        Exchange.LaggingFromOpenLists.Add(ListId);
        Exchange.HiddenLookups[ListId] = 2;
        await EnterAsync();

        Time.Advance(TimeSpan.FromSeconds(70));
        Exchange.HiddenLookups[ListId] = 1;
        await CycleAsync();

        Assert.Equal([ListId], Exchange.ListsSent);
        Assert.Equal((ProtectionStatus.Active, 1), (Position.Protection!.Status, Position.Protection.Attempt));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionEnded && a.Message.Contains("never placed", StringComparison.Ordinal));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionPlaced && a.Message.Contains("turned up", StringComparison.Ordinal));
    }

    // Path 7: when the list's quantity is clamped below the position, the part above it keeps the bot-side stop.
    [Fact]
    public async Task ListClampedBelowThePosition_PriceUnderTheStop_BotReleasesTheListAndSells()
    {
        Exchange.OcoAllowed = false;
        await EnterAsync();
        Exchange.OcoAllowed = true;
        Exchange.AdjustRules = rules => rules with { Filters = [.. rules.Filters.Where(f => f is not LotSizeFilter), new LotSizeFilter(0.001m, 0.1m, 0.001m)] };
        Time.Advance(Protection.FirstRetry + TimeSpan.FromSeconds(1));
        await CycleAsync();
        var list = Position.Protection!;
        Assert.Equal((ProtectionStatus.Active, 0.1m), (list.Status, list.Quantity));

        Exchange.Price = 97m;
        await CycleAsync();

        Assert.DoesNotContain(list.ListClientOrderId, Exchange.OpenLists);
        var sell = Assert.Single(Exchange.Sent, s => s.Side == OrderSide.Sell);
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
        var risk = Risk with { MaxLossPerTradeQuote = maxLoss };
        Exchange.Closes = FakeExchange.CrossUp();

        await CycleAsync(risk: risk);

        Assert.Equal(approved, Exchange.Sent.Count == 1);
        if (!approved)
        {
            var refusal = Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused);
            Assert.Contains("0.537502", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecoveredEntry_FilledBeyondTheApprovedSize_Audited()
    {
        Exchange.Closes = FakeExchange.CrossUp();
        Exchange.PlaceFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        Exchange.FailCount = 1;
        await CycleAsync();
        var id = ClientOrderIds.Entry(Account, 1);
        Exchange.Book[id] = new OrderOutcome(id, OrderProgress.Filled, 0.3m, 30m, [new Fill(100m, 0.3m, 0.0003m, "BTC")]);

        await CycleAsync();

        Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.EntryOverfilled && a.Message.Contains("0.3 for 30", StringComparison.Ordinal));
        Assert.Equal(0.2997m, Position.Quantity);
        var alert = Assert.Single(AlertConditions.Evaluate(await Ledger.LoadAsync(Account, Ct), Account, Time.GetUtcNow(), Alerts.AlertConditionsTests.Rules), c => c.Kind == "entry-overfilled");
        Assert.Contains("0.3 for 30", alert.Message, StringComparison.Ordinal);
    }

    // Path 9: a list cancel that fails in Flatten: the legs are canceled one by one, booked as canceled, and the position sold in the same pass.
    [Fact]
    public async Task Flatten_ListCancelFails_LegsCanceledOneByOne_PositionSoldInTheSamePass()
    {
        await EnterAsync();
        Exchange.CancelListFailure = new ExchangeException("HTTP 503", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        Ledger.Put(Ledger.State(Account)! with { KillSwitch = new KillSwitchState(true, Time.GetUtcNow(), "alice", "drill", KillSwitchMode.Flatten) });

        await CycleAsync();

        Assert.Empty(Exchange.OpenLists);
        Assert.Equal((OrderProgress.Ended, OrderProgress.Ended), (Exchange.Book[ListId + "s"].Progress, Exchange.Book[ListId + "t"].Progress));
        var sell = Assert.Single(Exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal(0.199m, sell.Quantity);
        Assert.Equal((PositionStatus.Dust, ProtectionStatus.Ended, "kill-switch flatten"), (Position.Status, Position.Protection!.Status, Position.ExitReason));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionEnded && a.Message.Contains("one by one", StringComparison.Ordinal));
    }

    // Path 2: a BNB commission comes out of the BNB a BNBUSDT position holds free; a list's locked BNB pays nothing.
    [Theory]
    [InlineData(ProtectionMode.Bot)]
    [InlineData(ProtectionMode.Exchange)]
    public async Task BnbFees_BnbPositionHeldFree_PaysTheCommissionOfTheNextFill_BooksEqualBase(ProtectionMode protection)
    {
        // Both enter in one cycle, BNBUSDT first: 0.2 each at 100, commission 0.075 % of 20 = 0.00015 BNB per fill.
        Exchange.FeeAsset = "BNB";
        Exchange.FeeAssetPrice = 100m;
        Exchange.Closes = FakeExchange.CrossUp();

        await CycleAsync("BNBUSDT,BTCUSDT", protection);

        var bnb = Assert.Single(Ledger.Positions(Account), p => p.Symbol == "BNBUSDT");
        var btc = Position;
        var btcFill = Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled && a.Data!["symbol"] == "BTCUSDT");
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
        Exchange.Free["BTC"] = 0.1505m;
        Exchange.Price = 97m;

        await CycleAsync(protection: ProtectionMode.Bot);

        Assert.Equal((OrderSide.Sell, 0.15m), (Exchange.Sent[^1].Side, Exchange.Sent[^1].Quantity));
    }
}
