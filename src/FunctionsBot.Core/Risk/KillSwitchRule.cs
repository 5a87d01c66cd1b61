namespace FunctionsBot.Core.Risk;

/// <summary>An active kill switch refuses every entry (exits and stops still run).</summary>
public sealed class KillSwitchRule : IRiskRule
{
    public RiskDecision Evaluate(RiskRequest request, RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kill = context.State.KillSwitch;
        return kill.Active
            ? RiskDecision.Refuse(
                RiskRejectionCode.KillSwitchActive,
                $"Kill switch active ({kill.Mode}) since {kill.ChangedAt:O} by {kill.ChangedBy}: {kill.Reason}. A person re-arms it with POST /api/killswitch {{\"active\": false}}.")
            : RiskDecision.Approve;
    }
}
