namespace FunctionsBot.Core.Risk;

/// <summary>The global cool-down after a losing trade, and per-symbol locks (ledger rows a person can release).</summary>
public sealed class CooldownRule : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (context.State.CooldownUntil is { } until && context.Now < until)
        {
            return RiskDecision.Refuse(
                RiskRejectionCode.Cooldown,
                $"Cooling down after a losing trade until {until:O} ({(until - context.Now).TotalMinutes:0.#} min left); Risk__CooldownMinutes sets the length.");
        }

        for (var i = 0; i < context.Locks.Count; i++)
        {
            var locked = context.Locks[i];
            if (locked.Symbol == request.Symbol && locked.IsActiveAt(context.Now))
            {
                return RiskDecision.Refuse(
                    RiskRejectionCode.SymbolLocked,
                    $"{request.Symbol} is locked until {locked.Until:O} by {locked.CreatedBy}: {locked.Reason}. Release it with DELETE /api/locks/{locked.Id}.");
            }
        }

        return RiskDecision.Approve;
    }
}
