namespace FunctionsBot.Core.Exchange;

/// <summary>An exchange call failed; <see cref="Execution"/> says whether it may have executed.</summary>
public sealed class ExchangeException : Exception
{
    public ExchangeException()
    {
    }

    public ExchangeException(string message)
        : base(message)
    {
    }

    public ExchangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExchangeException(string message, ExecutionStatus execution, ExchangeFailure failure, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Execution = execution;
        Failure = failure;
        RetryAfter = retryAfter;
    }

    public ExecutionStatus Execution { get; } = ExecutionStatus.Unknown;

    /// <summary>Whether this counts toward the circuit breaker (see <see cref="ExchangeFailure"/>).</summary>
    public ExchangeFailure Failure { get; }

    /// <summary>How long the exchange asked us to stop calling (a 429 or 418, or a back-off still in force); null otherwise.</summary>
    public TimeSpan? RetryAfter { get; }
}
