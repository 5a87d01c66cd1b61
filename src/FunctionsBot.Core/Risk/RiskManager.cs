namespace FunctionsBot.Core.Risk;

/// <summary>Composes the rules: the first refusal wins; all approve → approved. An approval allocates nothing.</summary>
public sealed class RiskManager(IEnumerable<IRiskRule> rules)
{
    private readonly IRiskRule[] _rules = rules.ToArray();

    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        foreach (var rule in _rules)
        {
            var decision = rule.Evaluate(request, context);
            if (!decision.Approved)
            {
                return decision;
            }
        }

        return RiskDecision.Approve;
    }
}
