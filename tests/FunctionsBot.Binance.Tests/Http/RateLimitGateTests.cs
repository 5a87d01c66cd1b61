using FunctionsBot.Binance.Http;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Binance.Tests.Http;

/// <summary>The weight budget, a pure rule: reads are reserved within the exchange's minute until the budget is spent, then wait for the next minute.</summary>
public sealed class RateLimitGateTests
{
    private static readonly DateTimeOffset MinuteStart = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reserve_UntilTheBudgetIsSpent_ThenWaitsForTheNextMinute_WhereTheCountStartsAgain()
    {
        var gate = new RateLimitGate(new FakeTimeProvider(MinuteStart));
        var at = MinuteStart.AddSeconds(20);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(TimeSpan.Zero, gate.Reserve(20, 100, at)));
        var wait = gate.Reserve(20, 100, at);

        Assert.InRange(wait, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(41));
        Assert.Equal(TimeSpan.Zero, gate.Reserve(20, 100, at + wait));
    }

    [Fact]
    public void Reserve_TheExchangeReportsMoreThanThisProcessSpent_ItsCountWins()
    {
        var gate = new RateLimitGate(new FakeTimeProvider(MinuteStart));
        var at = MinuteStart.AddSeconds(5);
        Assert.Equal(TimeSpan.Zero, gate.Reserve(2, 100, at));

        gate.Observe(Reply(weight: 95), at); // another process behind the same IP spent the rest

        Assert.NotEqual(TimeSpan.Zero, gate.Reserve(6, 100, at));
        Assert.Equal(TimeSpan.Zero, gate.Reserve(6, 100, MinuteStart.AddMinutes(1)));
    }

    [Fact]
    public void Reserve_FirstRequestOfAMinute_GoesWhateverItsWeight()
    {
        var gate = new RateLimitGate(new FakeTimeProvider(MinuteStart));

        Assert.Equal(TimeSpan.Zero, gate.Reserve(200, 100, MinuteStart));
    }

    [Fact]
    public void UsedWeight1M_RepliesArriveOutOfOrder_TheMinutesMaximumIsKept_ANewMinuteStartsOver()
    {
        var gate = new RateLimitGate(new FakeTimeProvider(MinuteStart));
        var at = MinuteStart.AddSeconds(30);

        gate.Observe(Reply(weight: 50), at);
        gate.Observe(Reply(weight: 30), at); // sent earlier, answered later
        Assert.Equal(50, gate.UsedWeight1M);

        gate.Observe(Reply(weight: 4), at.AddMinutes(1));
        gate.Observe(Reply(weight: 60), at); // a straggler of the minute before changes nothing
        Assert.Equal(4, gate.UsedWeight1M);
    }

    private static HttpResponseMessage Reply(int weight)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.Add("X-MBX-USED-WEIGHT-1M", weight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}
