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

    public ExchangeException(string message, ExecutionStatus execution, bool definiteRejection, Exception? innerException = null)
        : base(message, innerException)
    {
        Execution = execution;
        IsDefiniteRejection = definiteRejection;
    }

    public ExecutionStatus Execution { get; } = ExecutionStatus.Unknown;

    /// <summary>The exchange refused the request itself (filters, balance, duplicate) — not an outage, so it does not count toward the breaker.</summary>
    public bool IsDefiniteRejection { get; }
}
