using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>One entry's size and its loss at the stop stay within their limits.</summary>
public sealed class PerTradeLimitRule(IOptions<RiskOptions> risk) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = risk.Value;
        if (request.Quote > options.MaxTradeQuote)
        {
            return RiskDecision.Limit(RiskRejectionCode.TradeTooLarge, $"Entry size on {request.Symbol}", request.Quote, options.MaxTradeQuote, "Risk__MaxTradeQuote (or Strategy__TradeQuote)");
        }

        return request.LossAtStop > options.MaxLossPerTradeQuote
            ? RiskDecision.Limit(RiskRejectionCode.LossAtStopTooLarge, $"Loss at the stop on {request.Symbol}", request.LossAtStop, options.MaxLossPerTradeQuote, "Risk__MaxLossPerTradeQuote (or Strategy__StopLossPercent)")
            : RiskDecision.Approve;
    }
}
