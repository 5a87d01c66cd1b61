using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Risk;

public sealed class RiskRulesTests
{
    private static readonly RiskOptions Limits = new() { MaxOpenPositions = 2, MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, DailyLossLimitQuote = 50m, MinFreeQuote = 10m, BreakerFailures = 3 };
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    [Theory]
    [InlineData(0, 100, true)]
    [InlineData(0, 100.01, false)]
    [InlineData(-49.99, 20, true)]
    [InlineData(-50, 20, false)] // exactly at the daily limit
    [InlineData(-80, 20, false)]
    public void DailyLossAndTradeSize_AtTheEdges(decimal realizedToday, decimal quote, bool approved)
    {
        var state = RiskState.Initial("a") with { TradingDay = Today, DayRealizedPnl = realizedToday };

        Assert.Equal(approved, Manager().Evaluate(new RiskRequest("BTCUSDT", quote, 1m), Context(state)).Approved);
    }

    [Fact]
    public void DailyLoss_YesterdaysLoss_DoesNotCountToday()
    {
        var state = RiskState.Initial("a") with { TradingDay = Today.AddDays(-1), DayRealizedPnl = -500m };

        Assert.True(Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(state)).Approved);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(5.01, false)]
    public void LossAtStop_AtTheEdge(decimal loss, bool approved) =>
        Assert.Equal(approved, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, loss), Context(RiskState.Initial("a"))).Approved);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void MaxOpenPositions_PendingIntentsCount(int pending, bool approved)
    {
        var positions = Enumerable.Range(1, pending).Select(i => Position(i, PositionStatus.Pending)).ToList();

        Assert.Equal(approved, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(RiskState.Initial("a"), positions)).Approved);
    }

    [Theory]
    [InlineData(130, 0, true)] // 130 - 0 - 20 = 110 >= 10
    [InlineData(30, 0, true)] // exactly the reserve left
    [InlineData(29.99, 0, false)]
    [InlineData(130, 100.01, false)]
    public void FreeBalanceReserve_AtTheEdges(decimal free, decimal reserved, bool approved)
    {
        var state = RiskState.Initial("a") with { ReservedQuote = reserved };

        Assert.Equal(approved, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(state, free: free)).Approved);
    }

    [Fact]
    public void Refusal_CarriesCodeNumbersAndTheSettingToChange()
    {
        var decision = Manager().Evaluate(new RiskRequest("BTCUSDT", 150m, 1m), Context(RiskState.Initial("a")));

        Assert.Equal(RiskRejectionCode.TradeTooLarge, decision.Code);
        Assert.Equal("150", decision.Numbers["used"]);
        Assert.Equal("100", decision.Numbers["limit"]);
        Assert.Equal("150", decision.Numbers["utilizationPercent"]);
        Assert.Equal("50", decision.Numbers["excess"]);
        Assert.Contains("Risk__MaxTradeQuote", decision.Message, StringComparison.Ordinal);
        Assert.Contains("150 %", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)] // the cool-down ends at its end time
    [InlineData(1, false)]
    public void Cooldown_UntilItsEnd(int minutesLeft, bool approved)
    {
        var state = RiskState.Initial("a") with { CooldownUntil = Now.AddMinutes(minutesLeft) };

        Assert.Equal(approved, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(state)).Approved);
    }

    [Fact]
    public void SymbolLock_BlocksOnlyItsSymbolUntilItExpires()
    {
        var locks = new[] { new SymbolLock("BTCUSDT", "unknown order", Now.AddMinutes(1), "trade-cycle", Now) };

        Assert.Equal(RiskRejectionCode.SymbolLocked, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(RiskState.Initial("a"), locks: locks)).Code);
        Assert.True(Manager().Evaluate(new RiskRequest("ETHUSDT", 20m, 1m), Context(RiskState.Initial("a"), locks: locks)).Approved);
        Assert.True(Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(RiskState.Initial("a"), locks: locks) with { Now = Now.AddMinutes(2) }).Approved);
    }

    [Fact]
    public void KillSwitchAndBreakerAndUnknownSymbol_Refused()
    {
        var killed = RiskState.Initial("a") with { KillSwitch = new KillSwitchState(true, Now, "alice", "drill") };
        var broken = RiskState.Initial("a") with { Breaker = new CircuitBreakerState(3, Now.AddSeconds(10), 1) };
        var probing = RiskState.Initial("a") with { Breaker = new CircuitBreakerState(3, Now.AddSeconds(-1), 1) };

        Assert.Equal(RiskRejectionCode.KillSwitchActive, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(killed)).Code);
        Assert.Equal(RiskRejectionCode.CircuitBreakerOpen, Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(broken)).Code);
        Assert.True(Manager().Evaluate(new RiskRequest("BTCUSDT", 20m, 1m), Context(probing)).Approved);
        Assert.Equal(RiskRejectionCode.SymbolNotAllowed, Manager().Evaluate(new RiskRequest("DOGEUSDT", 20m, 1m), Context(RiskState.Initial("a"))).Code);
    }

    internal static RiskManager Manager(RiskOptions? limits = null) =>
        TestRisk.Manager(limits ?? Limits, new BotOptions { Symbols = "BTCUSDT,ETHUSDT,SOLUSDT" });

    internal static Position Position(int sequence, PositionStatus status, string symbol = "BTCUSDT") => new()
    {
        Sequence = sequence, Symbol = symbol, Status = status, EntryClientOrderId = $"e{sequence}", CreatedAt = Now,
    };

    private static RiskContext Context(RiskState state, IReadOnlyList<Position>? positions = null, IReadOnlyList<SymbolLock>? locks = null, decimal free = 10_000m) =>
        new(state, positions ?? [], locks ?? [], free, Now);
}
