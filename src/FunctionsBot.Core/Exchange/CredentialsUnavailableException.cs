namespace FunctionsBot.Core.Exchange;

/// <summary>The exchange credentials could not be obtained (vault unreachable, access denied, secret missing or empty). Never holds a secret.</summary>
public sealed class CredentialsUnavailableException : Exception
{
    public CredentialsUnavailableException()
    {
    }

    public CredentialsUnavailableException(string message)
        : base(message)
    {
    }

    public CredentialsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
