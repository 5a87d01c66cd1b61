using Azure;

namespace FunctionsBot.Storage.Connection;

/// <summary>
/// Storage SDK failures as one shape: a refused request (<see cref="RequestFailedException"/>) or
/// retries exhausted on one (an <see cref="AggregateException"/> of them).
/// </summary>
internal static class StorageFailure
{
    public static bool Is(Exception exception) =>
        exception is RequestFailedException || (exception is AggregateException aggregate && aggregate.InnerException is RequestFailedException);

    /// <summary>"HTTP 409, LeaseAlreadyPresent": status and error code, never a URL with a token or a key.</summary>
    public static string Describe(Exception exception)
    {
        var failed = exception as RequestFailedException ?? (exception as AggregateException)?.InnerException as RequestFailedException;
        return failed is null ? exception.GetType().Name : $"HTTP {failed.Status}, {failed.ErrorCode ?? "no error code"}";
    }
}
