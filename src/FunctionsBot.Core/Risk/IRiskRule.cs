namespace FunctionsBot.Core.Risk;

/// <summary>One risk rule. Rules are small and composed by <see cref="RiskManager"/>.</summary>
public interface IRiskRule
{
    RiskDecision Evaluate(RiskRequest request, RiskContext context);
}
