namespace FunctionsBot.Binance.Http;

/// <summary>The exchange answered, but not with the JSON the endpoint documents.</summary>
public sealed class BinanceResponseException : Exception
{
    public BinanceResponseException()
    {
    }

    public BinanceResponseException(string message)
        : base(message)
    {
    }

    public BinanceResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
