using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>An entry never spends the reserve: free quote minus pending reservations minus the entry stays at least <c>Risk__MinFreeQuote</c>.</summary>
public sealed class FreeBalanceReserveRule(IOptions<RiskOptions> risk) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var spendable = context.FreeQuote - context.State.ReservedQuote - risk.Value.MinFreeQuote;
        return request.Quote > spendable
            ? RiskDecision.Limit(RiskRejectionCode.FreeBalanceReserve, $"Entry size against spendable quote (free {context.FreeQuote:0.########}, reserved {context.State.ReservedQuote:0.########})", request.Quote, Math.Max(0, spendable), "Risk__MinFreeQuote (or fund the account)")
            : RiskDecision.Approve;
    }
}
