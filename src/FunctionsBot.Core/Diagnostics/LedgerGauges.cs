using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>The values the gauges of <see cref="BotMetrics"/> report, taken from the ledger at the end of a cycle (<see cref="ObservedAt"/>).</summary>
public sealed record LedgerGauges(
    DateTimeOffset ObservedAt,
    double KillSwitch,
    double OpenPositions,
    double PendingIntents,
    double UnprotectedPositions,
    double DailyRealizedPnl,
    double DailyLossUtilizationPercent,
    double BreakerState,
    double BreakerTrips,
    double ExchangeWeightUsed,
    double ExchangeInfoHits,
    double ExchangeInfoMisses,
    double ReconcileDifferences)
{
    public static LedgerGauges Of(RiskState state, IEnumerable<Position> positions, int undecidedDifferences, RiskOptions risk, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(risk);
        var all = positions.ToList();
        var open = all.Where(p => p.Status == PositionStatus.Open).ToList();
        var realized = state.RealizedOn(DateOnly.FromDateTime(now.UtcDateTime));
        var exchange = state.Exchange;
        return new LedgerGauges(
            now,
            state.KillSwitch switch { { Active: false } => 0, { Mode: KillSwitchMode.Flatten } => 2, _ => 1 },
            open.Count,
            all.Count(p => p.IsIntent),
            open.Count(p => !ProtectionKeeper.HeldAtExchange(p)),
            (double)realized,
            (double)RiskDecision.Utilization(Math.Max(0, -realized), risk.DailyLossLimitQuote),
            state.Breaker.IsOpenAt(now) ? 2 : state.Breaker.IsHalfOpenAt(now) ? 1 : 0,
            state.Breaker.Trips,
            exchange?.UsedWeight1M ?? 0,
            exchange?.ExchangeInfoHits ?? 0,
            exchange?.ExchangeInfoMisses ?? 0,
            undecidedDifferences);
    }
}
