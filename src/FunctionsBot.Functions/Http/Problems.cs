using System.Globalization;
using FunctionsBot.Core.Exchange;
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

    /// <summary>An exchange call failed: the title says which way (the keys refused, a back-off asked for, or no answer); 503 with <c>Retry-After</c> when the exchange gave one.</summary>
    public static ObjectResult Exchange(ExchangeException ex, string consequence)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var title = ex.Failure == ExchangeFailure.KeysRefused ? "The exchange refused the bot's API key."
            : ex.RetryAfter is not null ? "The exchange asked us to back off."
            : "The exchange could not answer.";
        var result = Create(StatusCodes.Status503ServiceUnavailable, title, $"{consequence}: {ex.Message}", null);
        return ex.RetryAfter is { } wait ? new RetryAfterResult(result, wait) : result;
    }

    /// <summary>429: this was done less than <paramref name="retryAfter"/> ago; <paramref name="last"/> is what it gave.</summary>
    public static ObjectResult TooSoon(string detail, TimeSpan retryAfter, object? last)
    {
        var result = Create(StatusCodes.Status429TooManyRequests, "Too soon: this spends exchange weight.", detail, null);
        ((ProblemDetails)result.Value!).Extensions["last"] = last;
        return new RetryAfterResult(result, retryAfter);
    }

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

    /// <summary>A problem with a <c>Retry-After</c> header (whole seconds, at least 1).</summary>
    private sealed class RetryAfterResult : ObjectResult
    {
        private readonly TimeSpan _retryAfter;

        public RetryAfterResult(ObjectResult problem, TimeSpan retryAfter)
            : base(problem.Value)
        {
            StatusCode = problem.StatusCode;
            ContentTypes = problem.ContentTypes;
            _retryAfter = retryAfter;
        }

        public override Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(_retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return base.ExecuteResultAsync(context);
        }
    }
}
