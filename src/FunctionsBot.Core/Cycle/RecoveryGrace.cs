using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The one grace rule for every order kind: "does not exist" right after a placement is not proof of absence (the
/// exchange may not show it yet); only once <c>Risk__RecoveryGraceSeconds</c> have passed since the intent was written is it.
/// </summary>
public sealed class RecoveryGrace(IOptions<RiskOptions> risk, TimeProvider time)
{
    internal GraceVerdict Judge(DateTimeOffset writtenAt)
    {
        var age = time.GetUtcNow() - writtenAt;
        var grace = TimeSpan.FromSeconds(risk.Value.RecoveryGraceSeconds);
        return new GraceVerdict(age > grace, age, grace);
    }
}

/// <summary>Whether an intent not found is past its grace window: its age and the window.</summary>
internal readonly record struct GraceVerdict(bool Expired, TimeSpan Age, TimeSpan Grace)
{
    public override string ToString() => $"{Age.TotalSeconds:0} s after it was written (grace {Grace.TotalSeconds:0} s, Risk__RecoveryGraceSeconds)";
}
