using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Booking;

/// <summary>A commission in BNB drawn from the BNB the ledger holds free: oldest first, locked lists skipped, the rest from outside.</summary>
public sealed class FeeDrawTests
{
    [Fact]
    public void Apply_DustThenOpen_OldestFirst_ListLockedSkipped_CostLeavesProRata_RestFromOutside()
    {
        var dust = Bnb(1, PositionStatus.Dust, 0.0001m, cost: 0m);
        var locked = Bnb(2, PositionStatus.Open, 1m, cost: 600m) with { Protection = new Protection { Attempt = 1, Status = ProtectionStatus.Active, ListClientOrderId = "p", RequestedAt = TestClock.Start } };
        var open = Bnb(3, PositionStatus.Open, 0.0002m, cost: 0.12m);

        var drawn = FeeDraw.Apply(new FeeValuation("BNB", 0.0004m, 610m, 0.244m), [open, locked, dust], "USDT", TestClock.Start);

        Assert.Equal(0.0003m, drawn.Drawn);
        Assert.Equal([1L, 3L], drawn.Positions.Select(p => p.Sequence));
        var (fromDust, fromOpen) = (drawn.Positions[0], drawn.Positions[1]);
        Assert.Equal((PositionStatus.Closed, 0m, 0.0001m * 610m), (fromDust.Status, fromDust.Quantity, fromDust.RealizedPnl!.Value));
        Assert.Equal((PositionStatus.Closed, 0m, 0m, (0.0002m * 610m) - 0.12m, 0.0002m), (fromOpen.Status, fromOpen.Quantity, fromOpen.HeldCost, fromOpen.RealizedPnl!.Value, fromOpen.FeesDrawn));
    }

    [Fact]
    public void Apply_NoBnbHeld_AllFromOutside()
    {
        var drawn = FeeDraw.Apply(new FeeValuation("BNB", 0.0004m, 610m, 0.244m), [Bnb(1, PositionStatus.Closed, 0m, 0m) with { Symbol = "BTCUSDT" }], "USDT", TestClock.Start);

        Assert.Equal((0m, 0), (drawn.Drawn, drawn.Positions.Count));
    }

    private static Position Bnb(long sequence, PositionStatus status, decimal quantity, decimal cost) => new()
    {
        Sequence = sequence, Symbol = "BNBUSDT", Status = status, EntryClientOrderId = $"e{sequence}", Quantity = quantity, HeldCost = cost, CreatedAt = TestClock.Start,
    };
}
