using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>The protection policy as a value: a position and the market in, a decision out; no exchange, no ledger.</summary>
public sealed class ProtectionKeeperTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly ProtectionKeeper _keeper = new(
        Options.Create(new StrategyOptions { Protection = ProtectionMode.Exchange }), Options.Create(new BotOptions { Account = "main", Symbols = "BTCUSDT" }), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

    [Fact]
    public void Decide_OpenPosition_PlacesTheNextAttemptShapedToTheTickStepAndFreeBalance()
    {
        var position = Open(0.1998m);

        var decision = Assert.IsType<ProtectionDecision.Place>(_keeper.Decide(Context(position), position, View(free: 0.15m)));

        var list = Assert.IsType<PlannedOrder.Oco>(decision.Plan.Order);
        var id = ClientOrderIds.ProtectionList("main", 1, 1);
        Assert.Equal(new OcoRequest("BTCUSDT", 0.15m, id, id + "t", 103m, id + "s", 98m, 97.51m), list.Request);
        Assert.Null(list.Supersedes);
        Assert.Equal((1, ProtectionStatus.Placing, Now), (decision.Plan.Intent.Protection!.Attempt, decision.Plan.Intent.Protection.Status, decision.Plan.Intent.Protection.RequestedAt));
        Assert.Equal(AuditKind.ProtectionIntent, decision.Plan.IntentKind);
    }

    [Fact]
    public void Decide_PreviousListDeclaredNeverPlaced_NextAttemptNamesItToBeLookedUpFirst()
    {
        var previous = new Protection { Attempt = 1, Status = ProtectionStatus.Ended, ListClientOrderId = ClientOrderIds.ProtectionList("main", 1, 1), RequestedAt = Now, Problem = Protection.NeverPlaced };
        var position = Open(0.1998m) with { Protection = previous };

        var decision = Assert.IsType<ProtectionDecision.Place>(_keeper.Decide(Context(position), position, View()));

        var list = Assert.IsType<PlannedOrder.Oco>(decision.Plan.Order);
        Assert.Equal((ClientOrderIds.ProtectionList("main", 1, 2), previous.ListClientOrderId), (list.Request.ListClientOrderId, list.Supersedes));
    }

    [Fact]
    public void Decide_SymbolTakesNoLists_RefusedWithTheReasonAndTheFailuresSoFar()
    {
        var position = Open(0.1998m) with { Protection = new Protection { Attempt = 2, Status = ProtectionStatus.Failed, ListClientOrderId = "p2", RequestedAt = Now, Failures = 2 } };

        var decision = Assert.IsType<ProtectionDecision.Refuse>(_keeper.Decide(Context(position), position, View(rules: FakeExchange.Rules("BTCUSDT") with { OcoAllowed = false })));

        Assert.Contains("ocoAllowed", decision.Problem, StringComparison.Ordinal);
        Assert.Equal((3, 2), (decision.Protection.Attempt, decision.Protection.Failures));
    }

    [Fact]
    public void Decide_PositionBelowTheMinimumNotional_WrittenOff()
    {
        var position = Open(0.04m);

        Assert.IsType<ProtectionDecision.WriteOff>(_keeper.Decide(Context(position), position, View()));
    }

    [Fact]
    public void Due_RefusedListWaitsForItsRetry_AListThatMayBeWorkingIsNeverDue()
    {
        var failed = Open(0.1998m) with { Protection = new Protection { Attempt = 1, Status = ProtectionStatus.Failed, ListClientOrderId = "p1", RequestedAt = Now, RetryAt = Now.AddSeconds(1) } };
        var placing = Open(0.1998m, 2) with { Protection = new Protection { Attempt = 1, Status = ProtectionStatus.Placing, ListClientOrderId = "p1", RequestedAt = Now } };
        var fresh = Open(0.1998m, 3);

        Assert.Equal([3L], _keeper.Due(Context(failed, placing, fresh), "BTCUSDT").Select(p => p.Sequence));
    }

    private static Position Open(decimal quantity, long sequence = 1) => new()
    {
        Sequence = sequence, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = $"e{sequence}", Quantity = quantity, HeldCost = quantity * 100m,
        EntryPrice = 100m, StopPrice = 98m, TakeProfitPrice = 103m, CreatedAt = Now,
    };

    private static MarketView View(decimal free = 10m, SymbolRules? rules = null) =>
        new(new BookingMarket(rules ?? FakeExchange.Rules("BTCUSDT"), 100m, new Dictionary<string, decimal>()), free, 100m);

    private static CycleContext Context(params Position[] positions) =>
        new("main", new FakeCycleLock.FakeLease(), new LedgerSnapshot(null, positions, [], []));
}
