using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>
/// No entries once the UTC day's realized loss reached <c>Risk__DailyLossLimitQuote</c>. (The breach
/// itself latches the kill switch when the losing exit is booked.)
/// </summary>
public sealed class DailyLossLimitRule(IOptions<RiskOptions> risk) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var loss = Math.Max(0, -context.State.RealizedOn(context.Today));
        var limit = risk.Value.DailyLossLimitQuote;
        return loss >= limit
            ? RiskDecision.Limit(RiskRejectionCode.DailyLossLimit, $"Realized loss today ({context.Today:yyyy-MM-dd} UTC)", loss, limit, "Risk__DailyLossLimitQuote")
            : RiskDecision.Approve;
    }
}
