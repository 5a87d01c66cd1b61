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

    public ExchangeException(string message, ExecutionStatus execution, ExchangeFailure failure, Exception? innerException = null)
        : base(message, innerException)
    {
        Execution = execution;
        Failure = failure;
    }

    public ExecutionStatus Execution { get; } = ExecutionStatus.Unknown;

    /// <summary>Whether this counts toward the circuit breaker (see <see cref="ExchangeFailure"/>).</summary>
    public ExchangeFailure Failure { get; }
}
