namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The state row changed since it was read (ETag mismatch, or it was created by someone else).
/// Nothing of the rejected change was written.
/// </summary>
public sealed class LedgerConcurrencyException : Exception
{
    public LedgerConcurrencyException()
    {
    }

    public LedgerConcurrencyException(string message)
        : base(message)
    {
    }

    public LedgerConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
