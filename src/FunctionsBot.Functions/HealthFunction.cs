using FunctionsBot.Core.Bot;
using FunctionsBot.Functions.Health;
using FunctionsBot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions;

/// <summary>
/// <c>GET /api/health[?verbose=true]</c>: 200 when healthy or degraded, 503 when unhealthy.
/// </summary>
public sealed class HealthFunction(HealthCheckService health, IOptions<BotOptions> bot, TimeProvider time)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verboseText = request.Query["verbose"].ToString();
        if (verboseText.Length > 0 && !bool.TryParse(verboseText, out _))
        {
            return Problems.BadRequest($"Query parameter 'verbose' must be true or false; got '{verboseText}'.");
        }

        var verbose = verboseText.Length > 0 && bool.Parse(verboseText);
        var checkedAt = time.GetUtcNow();
        var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return new ObjectResult(HealthResponse.From(report, bot.Value.Mode.ToString(), checkedAt, verbose))
        {
            StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
        };
    }
}
