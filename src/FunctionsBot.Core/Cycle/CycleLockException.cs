namespace FunctionsBot.Core.Cycle;

/// <summary>The lock service could not be reached or refused the operation (a held lock is not an error).</summary>
public sealed class CycleLockException : Exception
{
    public CycleLockException()
    {
    }

    public CycleLockException(string message)
        : base(message)
    {
    }

    public CycleLockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
