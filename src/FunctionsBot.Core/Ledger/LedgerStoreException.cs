namespace FunctionsBot.Core.Ledger;

/// <summary>The ledger's storage could not be reached or refused the operation (other than a version conflict).</summary>
public sealed class LedgerStoreException : Exception
{
    public LedgerStoreException()
    {
    }

    public LedgerStoreException(string message)
        : base(message)
    {
    }

    public LedgerStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
