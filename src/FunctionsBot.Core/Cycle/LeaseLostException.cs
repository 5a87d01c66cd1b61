namespace FunctionsBot.Core.Cycle;

/// <summary>The cycle's lease was lost; the cycle stops before its next exchange call.</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
        : base("The cycle lease was lost; stopping before the next exchange call.")
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
