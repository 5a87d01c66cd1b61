using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Functions.Health;
using FunctionsBot.Functions.Http;
using FunctionsBot.Functions.KillSwitch;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.Functions;

/// <summary><c>GET|POST /api/killswitch</c>: read, activate or deactivate the latched kill switch.</summary>
public sealed class KillSwitchFunction(KillSwitchService killSwitch, AlertDispatcher alerts, HealthReportCache health, Caller caller)
{
    [Function("KillSwitch")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "killswitch")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (HttpMethods.IsGet(request.Method))
            {
                return new OkObjectResult(KillSwitchResponse.From(await killSwitch.GetAsync(cancellationToken).ConfigureAwait(false), changed: null));
            }

            var body = await RequestBody.ReadAsync(request, KillSwitchRequest.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            var (command, errors) = KillSwitchRequest.Parse(body.Span);
            if (command is null)
            {
                return Problems.BadRequest("Send {\"active\": true|false, \"reason\": \"...\"} as JSON.", errors);
            }

            var actor = caller.Actor(request, command.Actor);
            var change = await killSwitch.SetAsync(command.Active, command.Reason, actor, cancellationToken, command.Mode).ConfigureAwait(false);
            if (change.Changed)
            {
                health.Invalidate();
                await alerts.DispatchAsync(cancellationToken).ConfigureAwait(false);
            }
            return change.Changed
                ? new OkObjectResult(KillSwitchResponse.From(change.State, changed: true))
                : Problems.Conflict(change.State.Active
                    ? $"The kill switch is already active ({change.State.Mode}, since {change.State.ChangedAt:O}, by {change.State.ChangedBy}); only BlockEntries → Flatten is an escalation, anything else needs an explicit deactivation first."
                    : "The kill switch is already armed (inactive); nothing changed.");
        }
        catch (Exception ex) when (Problems.IsLedgerUnavailable(ex))
        {
            return Problems.Unavailable(ex.Message);
        }
    }
}
