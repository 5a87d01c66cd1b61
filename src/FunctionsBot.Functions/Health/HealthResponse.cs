using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Functions.Health;

/// <summary>
/// The health document. Anonymous: status, mode and the names of the checks that are not healthy (their
/// descriptions name symbols, the kill switch's actor and reason, the vault's secrets); verbose adds each
/// problem's description and every check with its data and duration.
/// </summary>
internal sealed record HealthResponse(
    string Status,
    string Mode,
    DateTimeOffset CheckedAt,
    double DurationMs,
    IReadOnlyList<string>? Problems,
    IReadOnlyList<HealthResponse.Check>? Checks)
{
    public static HealthResponse From(HealthReport report, string mode, DateTimeOffset checkedAt, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => verbose
                ? $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()}"
                : $"{e.Key}: {e.Value.Status}")
            .ToList();
        var checks = verbose
            ? report.Entries.Select(e => new Check(
                e.Key,
                e.Value.Status.ToString(),
                e.Value.Description ?? e.Value.Exception?.Message,
                Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                e.Value.Data.Count == 0 ? null : e.Value.Data)).ToList()
            : null;
        return new HealthResponse(
            report.Status.ToString(),
            mode,
            checkedAt,
            Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            problems.Count == 0 ? null : problems,
            checks);
    }

    internal sealed record Check(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);
}
