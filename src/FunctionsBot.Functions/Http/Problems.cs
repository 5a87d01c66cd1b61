using FunctionsBot.Core.Ledger;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FunctionsBot.Functions.Http;

/// <summary>RFC 9457 problem-details responses.</summary>
internal static class Problems
{
    public static ObjectResult BadRequest(string detail, IReadOnlyList<string>? errors = null) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid.", detail, errors);

    public static ObjectResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "Not found.", detail, null);

    public static ObjectResult Conflict(string detail) =>
        Create(StatusCodes.Status409Conflict, "The request conflicts with the current state.", detail, null);

    public static ObjectResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "A function key is needed.", detail, null);

    public static ObjectResult Unavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "The ledger is unavailable.", detail, null);

    /// <summary>
    /// The ledger could not answer, or writers kept racing on its state row past their retries: both are transient, a
    /// <see cref="Unavailable"/> answer, never a 500.
    /// </summary>
    public static bool IsLedgerUnavailable(Exception ex) => ex is LedgerStoreException or LedgerConcurrencyException;

    private static ObjectResult Create(int status, string title, string detail, IReadOnlyList<string>? errors)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://httpstatuses.io/{status}",
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add("application/problem+json");
        return result;
    }
}
