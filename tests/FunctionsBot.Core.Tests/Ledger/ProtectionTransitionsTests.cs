using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Ledger;

/// <summary>The protective list's state machine: within an attempt, and from one attempt to the next.</summary>
public sealed class ProtectionTransitionsTests
{
    [Theory]
    [InlineData(null, null, 1, ProtectionStatus.Placing, true)]
    [InlineData(null, null, 1, ProtectionStatus.Failed, true)]
    [InlineData(null, null, 1, ProtectionStatus.Active, false)]
    [InlineData(1, ProtectionStatus.Placing, 1, ProtectionStatus.Active, true)]
    [InlineData(1, ProtectionStatus.Placing, 1, ProtectionStatus.Failed, true)]
    [InlineData(1, ProtectionStatus.Placing, 1, ProtectionStatus.Ended, true)]
    [InlineData(1, ProtectionStatus.Active, 1, ProtectionStatus.Ended, true)]
    [InlineData(1, ProtectionStatus.Active, 1, ProtectionStatus.Placing, false)]
    [InlineData(1, ProtectionStatus.Active, 2, ProtectionStatus.Placing, false)]
    [InlineData(1, ProtectionStatus.Placing, 2, ProtectionStatus.Placing, false)]
    [InlineData(1, ProtectionStatus.Failed, 1, ProtectionStatus.Active, false)]
    [InlineData(1, ProtectionStatus.Failed, 2, ProtectionStatus.Placing, true)]
    [InlineData(1, ProtectionStatus.Failed, 2, ProtectionStatus.Failed, true)]
    [InlineData(1, ProtectionStatus.Ended, 2, ProtectionStatus.Placing, true)]
    [InlineData(1, ProtectionStatus.Ended, 2, ProtectionStatus.Ended, false)]
    [InlineData(1, ProtectionStatus.Ended, 1, ProtectionStatus.Active, true)]
    [InlineData(1, ProtectionStatus.Ended, 1, ProtectionStatus.Placing, true)]
    [InlineData(2, ProtectionStatus.Ended, 1, ProtectionStatus.Placing, false)]
    [InlineData(1, ProtectionStatus.Active, null, null, false)]
    public void IsAllowed_Table(int? fromAttempt, ProtectionStatus? from, int? toAttempt, ProtectionStatus? to, bool allowed)
    {
        Assert.Equal(allowed, ProtectionTransitions.IsAllowed(List(fromAttempt, from), List(toAttempt, to)));
    }

    [Fact]
    public void Check_ASecondListWhileOneMayBeWorking_Refused()
    {
        var position = new Position { Sequence = 1, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = "e", CreatedAt = TestClock.Start, Protection = List(1, ProtectionStatus.Active) };

        var refused = Assert.Throws<InvalidOperationException>(() => ProtectionTransitions.Check([position], [position with { Protection = List(2, ProtectionStatus.Placing) }]));

        Assert.Contains("attempt 1 Active to attempt 2 Placing", refused.Message, StringComparison.Ordinal);
    }

    private static Protection? List(int? attempt, ProtectionStatus? status) => attempt is { } n && status is { } s
        ? new Protection { Attempt = n, Status = s, ListClientOrderId = $"fb-1-p{n}", RequestedAt = TestClock.Start }
        : null;
}
