using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>Open positions plus pending intents (entries and exits) stay below <c>Risk__MaxOpenPositions</c>.</summary>
public sealed class MaxOpenPositionsRule(IOptions<RiskOptions> risk) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var open = 0;
        for (var i = 0; i < context.Positions.Count; i++)
        {
            open += context.Positions[i].CountsAsOpen ? 1 : 0;
        }

        var limit = risk.Value.MaxOpenPositions;
        return open + 1 > limit
            ? RiskDecision.Limit(RiskRejectionCode.MaxOpenPositions, "Open positions including pending intents, with this entry", open + 1, limit, "Risk__MaxOpenPositions")
            : RiskDecision.Approve;
    }
}
