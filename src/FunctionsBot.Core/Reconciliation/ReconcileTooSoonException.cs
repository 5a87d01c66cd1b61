namespace FunctionsBot.Core.Reconciliation;

/// <summary>A reconciliation asked for was not run: one is under way, or the last ran less than <c>Reconcile__MinIntervalSeconds</c> ago.</summary>
public sealed class ReconcileTooSoonException : Exception
{
    public ReconcileTooSoonException()
    {
    }

    public ReconcileTooSoonException(string message)
        : base(message)
    {
    }

    public ReconcileTooSoonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReconcileTooSoonException(string message, TimeSpan retryAfter, ReconciliationReport? last)
        : base(message)
    {
        RetryAfter = retryAfter;
        Last = last;
    }

    /// <summary>When a run may be asked for again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The last run's result, or null when none finished yet.</summary>
    public ReconciliationReport? Last { get; }
}
