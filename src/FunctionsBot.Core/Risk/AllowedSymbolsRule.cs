using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Risk;

/// <summary>Only the symbols of <c>Bot__Symbols</c> are traded.</summary>
public sealed class AllowedSymbolsRule(IOptions<BotOptions> bot) : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = bot.Value.SymbolList;
        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], request.Symbol, StringComparison.Ordinal))
            {
                return RiskDecision.Approve;
            }
        }

        return RiskDecision.Refuse(RiskRejectionCode.SymbolNotAllowed, $"{request.Symbol} is not in Bot__Symbols ({bot.Value.Symbols}).");
    }
}
