namespace FunctionsBot.Core.Ledger;

public enum CycleOutcome
{
    /// <summary>The cycle ran to the end under its lease.</summary>
    Completed,

    /// <summary>Another holder had the lease; nothing was done.</summary>
    Skipped,

    /// <summary>The lease was lost mid-cycle; the cycle stopped before its next exchange call.</summary>
    LeaseLost,

    /// <summary>An unexpected error ended the cycle.</summary>
    Failed,
}
