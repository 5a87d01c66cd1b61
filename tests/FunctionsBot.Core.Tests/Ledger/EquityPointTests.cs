using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Tests.Ledger;

public sealed class EquityPointTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 13, 47, 12, TimeSpan.Zero);

    [Fact]
    public void Mark_HeldBaseAtTheCyclesPrices_LessItsCost_PlusRealized()
    {
        Position[] positions =
        [
            // 0.5 bought for 10 (fees in), now 22: +1.
            Position(1, "BTCUSDT", PositionStatus.Open) with { Quantity = 0.5m, HeldCost = 10m, FeesInQuote = 0.02m },
            // Being sold: still held, 2 at 3 against 5.5: +0.5.
            Position(2, "ETHUSDT", PositionStatus.Closing) with { Quantity = 2m, HeldCost = 5.5m },
            // Dust: its cost was written off, so all of its value counts: 0.001 at 22.
            Position(3, "BTCUSDT", PositionStatus.Dust) with { Quantity = 0.001m, HeldCost = 0m, DustWrittenOff = 0.019m, FeesInQuote = 0.01m },
            // No price this cycle: counted at its cost, no made-up gain.
            Position(4, "SOLUSDT", PositionStatus.Open) with { Quantity = 1m, HeldCost = 150m },
            // Not held: a pending entry and a closed trade add only their fees.
            Position(5, "BTCUSDT", PositionStatus.Pending) with { ReservedQuote = 20m },
            Position(6, "ETHUSDT", PositionStatus.Closed) with { Quantity = 0m, FeesInQuote = 0.04m, DustWrittenOff = 0.001m },
        ];
        var prices = new Dictionary<string, decimal> { ["BTCUSDT"] = 22m, ["ETHUSDT"] = 3m };

        var point = EquityPoint.Mark(-0.75m, positions, prices, At);

        Assert.Equal(new EquityPoint(new DateTimeOffset(2026, 12, 5, 13, 0, 0, TimeSpan.Zero), At, -0.75m, 1.522m, 0.07m, 0.02m, 3), point);
        Assert.Equal(0.772m, point.Equity);
    }

    [Fact]
    public void HourOf_AnOffsetTime_IsTheUtcHour()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero), EquityPoint.HourOf(new DateTimeOffset(2026, 12, 6, 1, 30, 0, TimeSpan.FromHours(2))));
    }

    private static Position Position(long sequence, string symbol, PositionStatus status) =>
        new() { Sequence = sequence, Symbol = symbol, Status = status, EntryClientOrderId = $"fb-{sequence}-e", CreatedAt = At };
}
