using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>An open breaker refuses entries until its open time passes; then one call probes the exchange.</summary>
public sealed class CircuitBreakerRule(IOptions<RiskOptions> risk) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var breaker = context.State.Breaker;
        return breaker.IsOpenAt(context.Now)
            ? RiskDecision.Refuse(
                RiskRejectionCode.CircuitBreakerOpen,
                $"Circuit breaker open after {breaker.ConsecutiveFailures} consecutive exchange failures (threshold {risk.Value.BreakerFailures}, Risk__BreakerFailures) until {breaker.OpenUntil:O}; then one probe.")
            : RiskDecision.Approve;
    }
}
