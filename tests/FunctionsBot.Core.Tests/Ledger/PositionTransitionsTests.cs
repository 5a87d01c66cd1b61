using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Tests.Ledger;

public sealed class PositionTransitionsTests
{
    [Theory]
    [InlineData(null, PositionStatus.Pending, true)]
    [InlineData(null, PositionStatus.Open, false)]
    [InlineData(PositionStatus.Pending, PositionStatus.Open, true)]
    [InlineData(PositionStatus.Pending, PositionStatus.Dust, true)]
    [InlineData(PositionStatus.Pending, PositionStatus.Failed, true)]
    [InlineData(PositionStatus.Pending, PositionStatus.Closed, false)]
    [InlineData(PositionStatus.Open, PositionStatus.Closing, true)]
    [InlineData(PositionStatus.Open, PositionStatus.Closed, true)] // a protective leg sold it at the exchange
    [InlineData(PositionStatus.Open, PositionStatus.Failed, false)]
    [InlineData(PositionStatus.Closing, PositionStatus.Open, true)]
    [InlineData(PositionStatus.Closing, PositionStatus.Closed, true)]
    [InlineData(PositionStatus.Closing, PositionStatus.Dust, true)]
    [InlineData(PositionStatus.Closing, PositionStatus.Failed, false)]
    [InlineData(PositionStatus.Dust, PositionStatus.Closed, true)]
    [InlineData(PositionStatus.Dust, PositionStatus.Open, false)]
    [InlineData(PositionStatus.Closed, PositionStatus.Open, false)]
    [InlineData(PositionStatus.Failed, PositionStatus.Pending, false)]
    [InlineData(PositionStatus.Open, PositionStatus.Open, true)]
    public void IsAllowed_Table(PositionStatus? from, PositionStatus to, bool allowed) =>
        Assert.Equal(allowed, PositionTransitions.IsAllowed(from, to));

    [Fact]
    public void Check_ClosedPositionReopened_ThrowsNamingIt()
    {
        var closed = new Position { Sequence = 7, Symbol = "BTCUSDT", Status = PositionStatus.Closed, EntryClientOrderId = "x", CreatedAt = DateTimeOffset.UnixEpoch };

        var ex = Assert.Throws<InvalidOperationException>(() => PositionTransitions.Check([closed], [closed with { Status = PositionStatus.Open }]));

        Assert.Equal("Position #7 (BTCUSDT) cannot go from Closed to Open.", ex.Message);
    }
}
