using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>
/// Protective OCO lists over fakes: placed write-ahead in the cycle that opened the position, a strategy exit racing
/// a leg's fill, a stop that triggered below its limit, a refusal that leaves the bot-side stop in charge, Flatten;
/// from the entry of <see cref="CycleScenario"/>.
/// </summary>
public sealed class ProtectionTests : CycleScenario
{
    [Fact]
    public async Task Entry_ListPlacedInTheSameCycle_ShapedToTheTick_AndStep_AfterItsIntent()
    {
        await EnterAsync();

        var list = Assert.Single(Exchange.Lists.Values);
        Assert.Equal(new OcoRequest("BTCUSDT", 0.199m, ListId, ListId + "t", 103m, ListId + "s", 98m, 97.51m), list);
        var position = Position;
        Assert.Equal((ProtectionStatus.Active, 1L), (position.Protection!.Status, position.Protection.OrderListId!.Value));
        var kinds = Ledger.Audit(Account).Select(a => a.Kind).ToList();
        Assert.True(kinds.IndexOf(AuditKind.OrderFilled) < kinds.IndexOf(AuditKind.ProtectionIntent));
        Assert.True(kinds.IndexOf(AuditKind.ProtectionIntent) < kinds.IndexOf(AuditKind.ProtectionPlaced));

        // The list holds the stop now: a price under the stop is the exchange's business, not a market sell by the bot.
        Exchange.Price = 97m;
        Exchange.Closes = FakeExchange.Flat();
        await CycleAsync();
        Assert.Single(Exchange.Sent);
    }

    [Fact]
    public async Task StrategyExit_TakeProfitLegFillsAsTheCancelArrives_LegBooked_NothingSoldAtMarket()
    {
        await EnterAsync();
        Exchange.Closes = FakeExchange.CrossDown();
        Exchange.OnCancelList = id => Exchange.TradeLeg(id, stop: false, price: 103m, quantity: 0.199m);

        await CycleAsync();

        Assert.Single(Exchange.Sent);
        var position = Position;
        var proceeds = (0.199m * 103m) - (0.199m * 103m * FakeExchange.Commission);
        var costSold = 20m * 0.199m / Held;
        Assert.Equal(PositionStatus.Dust, position.Status);
        Assert.Equal(proceeds - costSold, position.RealizedPnl);
        Assert.Equal(Held - 0.199m, position.Quantity);
        Assert.Equal(ProtectionStatus.Ended, position.Protection!.Status);
        var filled = Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionFilled);
        Assert.Equal(ListId + "t", filled.Data!["clientOrderId"]);
    }

    [Fact]
    public async Task StopTriggeredBelowItsLimit_LegCanceled_ItsPartBooked_RestSoldAtMarket()
    {
        await EnterAsync();
        Exchange.TradeLeg(ListId, stop: true, price: 97.51m, quantity: 0.05m, done: false);
        Exchange.Price = 95m;
        Exchange.Closes = FakeExchange.Flat();

        await CycleAsync();

        var sell = Assert.Single(Exchange.Sent, s => s.Side == OrderSide.Sell);
        Assert.Equal((ClientOrderIds.Exit(Account, 1), 0.149m), (sell.ClientOrderId, sell.Quantity));
        var position = Position;
        Assert.Equal(PositionStatus.Dust, position.Status);
        var leg = 0.05m * 97.51m * (1 - FakeExchange.Commission);
        var market = 0.149m * 95m * (1 - FakeExchange.Commission);
        Assert.Equal(leg + market - (20m * (0.05m + 0.149m) / Held), position.RealizedPnl!.Value, 18);
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionCanceled && a.Message.Contains(ListId + "s", StringComparison.Ordinal));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ExitIntent && a.Message.Contains("limit did not fill", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListRefused_BotSideStopHolds_AuditedAndRetriedWithBackOff()
    {
        Exchange.OcoAllowed = false;
        await EnterAsync();
        var protection = Position.Protection!;
        Assert.Equal((ProtectionStatus.Failed, 1), (protection.Status, protection.Failures));
        Assert.Equal(Time.GetUtcNow() + Protection.FirstRetry, protection.RetryAt);
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionFailed && a.Message.Contains("ocoAllowed", StringComparison.Ordinal));
        Assert.Empty(Exchange.Lists);

        Exchange.Closes = FakeExchange.Flat();
        Time.Advance(TimeSpan.FromSeconds(61));
        await CycleAsync();
        Assert.Equal((2, Protection.FirstRetry * 2), (Position.Protection!.Failures, Position.Protection.RetryAt!.Value - Time.GetUtcNow()));

        Exchange.Price = 97m;
        await CycleAsync();
        Assert.Equal((OrderSide.Sell, "stop-loss"), (Exchange.Sent[^1].Side, Position.ExitReason));
    }

    [Fact]
    public async Task ExchangeRefusesTheKeys_ListFillsCannotBeRead_BotSideStopHoldsTheWholePosition()
    {
        await EnterAsync();
        var state = Ledger.State(Account)!;
        Ledger.Put(state with
        {
            Exchange = new ExchangeStatus(Time.GetUtcNow(), 10, null, null, null, "Settings", null, null, null, null, 0, 0, KeysRefused: "GET /api/v3/openOrderList failed: HTTP 401, code -2015", KeysRefusedAt: Time.GetUtcNow()),
        });
        Exchange.Price = 97m;
        Exchange.Closes = FakeExchange.Flat();

        await CycleAsync();

        Assert.Equal((OrderSide.Sell, "stop-loss"), (Exchange.Sent[^1].Side, Position.ExitReason));
    }

    [Fact]
    public async Task PositionWithoutAWorkingList_StampedWithTheCycleItWasFirstSeen_ClearedOnceAListHoldsIt()
    {
        Exchange.OcoAllowed = false;
        await EnterAsync();
        var since = Position.UnprotectedSinceCycle;
        Assert.NotNull(since);

        Exchange.Closes = FakeExchange.Flat();
        Time.Advance(TimeSpan.FromSeconds(61));
        await CycleAsync(); // refused again: the first sighting stays
        Assert.Equal(since, Position.UnprotectedSinceCycle);
        Assert.True(Ledger.State(Account)!.CycleCount > since);

        Exchange.OcoAllowed = true;
        Time.Advance(TimeSpan.FromMinutes(3));
        await CycleAsync();
        Assert.Equal((ProtectionStatus.Active, (long?)null), (Position.Protection!.Status, Position.UnprotectedSinceCycle));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListPlacementOutcomeUnknown_LookedUpByItsListIdNextCycles_NeverSentAgain(bool reachedTheExchange)
    {
        Exchange.ListFailure = new ExchangeException("HTTP 502", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        Exchange.ListFailureStillPlaces = reachedTheExchange;
        await EnterAsync();
        Assert.Equal(ProtectionStatus.Placing, Position.Protection!.Status);

        // Within the grace window: found if it exists, else it waits.
        Time.Advance(TimeSpan.FromSeconds(30));
        await CycleAsync();
        Assert.Equal(reachedTheExchange ? ProtectionStatus.Active : ProtectionStatus.Placing, Position.Protection!.Status);

        // Past the grace window: a list that never came to be is ended and the next attempt is placed.
        Time.Advance(TimeSpan.FromSeconds(40));
        await CycleAsync();
        var audit = Ledger.Audit(Account);
        Assert.Equal((ProtectionStatus.Active, reachedTheExchange ? 1 : 2), (Position.Protection!.Status, Position.Protection.Attempt));
        Assert.Equal(reachedTheExchange ? [ListId] : [ListId, ClientOrderIds.ProtectionList(Account, 1, 2)], Exchange.ListsSent);
        Assert.Equal(reachedTheExchange, audit.Any(a => a.Kind == AuditKind.ProtectionPlaced && a.Message.Contains("found at the exchange", StringComparison.Ordinal)));
        Assert.Equal(!reachedTheExchange, audit.Any(a => a.Kind == AuditKind.ProtectionEnded && a.Message.Contains("never placed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Flatten_WithListsOpen_EveryListCanceledThenEveryPositionSold()
    {
        Exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync("BTCUSDT,ETHUSDT");
        Assert.Equal(2, Exchange.OpenLists.Count);
        Ledger.Put(Ledger.State(Account)! with { KillSwitch = new KillSwitchState(true, Time.GetUtcNow(), "alice", "drill", KillSwitchMode.Flatten) });

        await CycleAsync("BTCUSDT,ETHUSDT");

        Assert.Empty(Exchange.OpenLists);
        Assert.Equal(2, Exchange.Sent.Count(s => s.Side == OrderSide.Sell));
        Assert.All(Ledger.Positions(Account), p => Assert.Equal((false, ProtectionStatus.Ended), (p.CountsAsOpen, p.Protection!.Status)));
        var audit = Ledger.Audit(Account).ToList();
        Assert.Equal(2, audit.Count(a => a.Kind == AuditKind.ProtectionCanceled && a.Message.Contains("flatten", StringComparison.Ordinal)));
        Assert.True(audit.FindLastIndex(a => a.Kind == AuditKind.ProtectionCanceled) < audit.FindIndex(a => a.Kind == AuditKind.FlattenStep));
    }
}
