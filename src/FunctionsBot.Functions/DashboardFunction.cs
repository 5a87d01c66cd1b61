using FunctionsBot.Dashboard;
using FunctionsBot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBot.Functions;

/// <summary>
/// The dashboard page and its files, served by the app itself (no CDN). Anonymous: the page holds no data and no key; it
/// asks the read APIs, which keep their function keys, and asks the person for the key when one is needed.
/// </summary>
public static class DashboardFunction
{
    /// <summary>Scripts, styles and data from this app only; no inline script, no framing.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    [Function("Dashboard")]
    public static IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request) =>
        Serve(request, DashboardAssets.Page);

    [Function("DashboardAsset")]
    public static IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{asset}")] HttpRequest request,
        string asset) =>
        Serve(request, asset);

    private static IActionResult Serve(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DashboardAssets.Find(name ?? string.Empty) is not { } asset)
        {
            return Problems.NotFound($"The dashboard has no file '{(name is { Length: <= 64 } ? name : "…")}'.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(asset.Content, asset.ContentType);
    }
}
