using CsCheck;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Risk;

/// <summary>
/// Property: over random sequences of entry requests, fills and exits (gains and losses), no sequence of
/// approved entries ever exceeds a limit: open positions (pending included), trade size, loss at the
/// stop, the free-balance reserve, and no entry once the day's realized loss reached its limit.
/// </summary>
public sealed class RiskPropertyTests
{
    private static readonly RiskOptions Limits = new() { MaxOpenPositions = 3, MaxTradeQuote = 50m, MaxLossPerTradeQuote = 2m, DailyLossLimitQuote = 20m, MinFreeQuote = 25m };

    [Fact]
    public void RandomSequences_ApprovedEntriesNeverExceedALimit()
    {
        var step = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[1, 8000], Gen.Int[0, 400], Gen.Int[-1500, 1000]);
        step.Array[1, 60].Sample(
            steps =>
            {
                var manager = RiskRulesTests.Manager(Limits);
                var state = RiskState.Initial("a") with { TradingDay = DateOnly.FromDateTime(TestClock.Start.UtcDateTime) };
                var positions = new List<Position>();
                var free = 200m;
                var sequence = 0;
                foreach (var (action, symbolIndex, quoteCents, lossCents, pnlCents) in steps)
                {
                    var symbol = new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" }[symbolIndex];
                    switch (action)
                    {
                        case 0 or 1: // an entry request
                            var request = new RiskRequest(symbol, quoteCents / 100m, lossCents / 100m);
                            var decision = manager.Evaluate(request, new RiskContext(state, positions, [], free, TestClock.Start));
                            if (decision.Approved)
                            {
                                Assert.True(positions.Count(p => p.CountsAsOpen) + 1 <= Limits.MaxOpenPositions);
                                Assert.True(request.Quote <= Limits.MaxTradeQuote && request.LossAtStop <= Limits.MaxLossPerTradeQuote);
                                Assert.True(free - state.ReservedQuote - request.Quote >= Limits.MinFreeQuote);
                                Assert.True(-state.DayRealizedPnl < Limits.DailyLossLimitQuote);
                                positions.Add(RiskRulesTests.Position(++sequence, PositionStatus.Pending, symbol) with { ReservedQuote = request.Quote });
                                state = state with { ReservedQuote = state.ReservedQuote + request.Quote };
                            }
                            else
                            {
                                Assert.NotNull(decision.Code);
                                Assert.False(string.IsNullOrWhiteSpace(decision.Message));
                            }

                            break;
                        case 2 when positions.FirstOrDefault(p => p.Status == PositionStatus.Pending) is { } pending: // the entry fills
                            positions[positions.IndexOf(pending)] = pending with { Status = PositionStatus.Open, EntryCost = pending.ReservedQuote };
                            state = state with { ReservedQuote = state.ReservedQuote - pending.ReservedQuote };
                            free -= pending.ReservedQuote;
                            break;
                        case 3 when positions.FirstOrDefault(p => p.Status == PositionStatus.Open) is { } open: // the exit fills
                            var pnl = pnlCents / 100m;
                            positions[positions.IndexOf(open)] = open with { Status = PositionStatus.Closed, RealizedPnl = pnl };
                            free += open.EntryCost + pnl;
                            state = state with { DayRealizedPnl = state.DayRealizedPnl + pnl };
                            break;
                    }

                    Assert.True(positions.Count(p => p.CountsAsOpen) <= Limits.MaxOpenPositions);
                }
            },
            iter: 3000);
    }
}
