using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Functions.Http;

namespace FunctionsBot.Functions.Reconcile;

/// <summary>The body of <c>POST /api/reconcile/{id}/approve|reject</c>: <c>{"reason": "...", "actor": "..."}</c> (actor optional).</summary>
internal sealed record DecisionRequest(string Reason, string? Actor)
{
    public const int MaxBodyBytes = 4096;

    private static readonly string[] Known = ["reason", "actor"];

    public static (DecisionRequest? Request, IReadOnlyList<string> Errors) Parse(ReadOnlySpan<byte> body)
    {
        var (document, problems) = JsonBody.Parse(body, MaxBodyBytes, "{\"reason\": \"...\"}", Known);
        if (document is null)
        {
            return (null, problems);
        }

        using (document)
        {
            var errors = problems.ToList();
            var reason = JsonBody.Text(document.RootElement, "reason", CorrectionService.MaxReasonLength, required: true, errors);
            var actor = JsonBody.Text(document.RootElement, "actor", KillSwitchService.MaxActorLength, required: false, errors);
            return errors.Count == 0 ? (new DecisionRequest(reason!, actor), errors) : (null, errors);
        }
    }
}
