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
/// <c>GET /api/health</c> (anonymous: status, mode and which checks are not healthy) and <c>GET /api/health/verbose</c>
/// (function key: every check with its description and data). 200 when healthy or degraded, 503 when unhealthy.
/// Both answer from one report per <c>Health__CacheSeconds</c>.
/// </summary>
public sealed class HealthFunction(HealthReportCache cache, IOptions<BotOptions> bot)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verbose = request.Query["verbose"].ToString();
        if (verbose.Length > 0 && !bool.TryParse(verbose, out _))
        {
            return Problems.BadRequest($"Query parameter 'verbose' must be true or false; got '{verbose}'.");
        }

        return verbose.Length > 0 && bool.Parse(verbose)
            ? Problems.Unauthorized("The detailed report shows the account, its symbols and who set the kill switch: GET /api/health/verbose with the function key (x-functions-key).")
            : await RespondAsync(verbose: false, cancellationToken).ConfigureAwait(false);
    }

    [Function("HealthVerbose")]
    public Task<IActionResult> RunVerbose(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health/verbose")] HttpRequest request,
        CancellationToken cancellationToken) =>
        RespondAsync(verbose: true, cancellationToken);

    private async Task<IActionResult> RespondAsync(bool verbose, CancellationToken cancellationToken)
    {
        var (report, checkedAt) = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        return new ObjectResult(HealthResponse.From(report, bot.Value.Mode.ToString(), checkedAt, verbose))
        {
            StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
        };
    }
}
