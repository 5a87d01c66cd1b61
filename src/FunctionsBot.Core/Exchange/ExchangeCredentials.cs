namespace FunctionsBot.Core.Exchange;

/// <summary>An API key and its secret. <see cref="ToString"/> never shows either.</summary>
public sealed class ExchangeCredentials(string apiKey, string apiSecret)
{
    public string ApiKey { get; } = apiKey;

    public string ApiSecret { get; } = apiSecret;

    public override string ToString() => "ExchangeCredentials(***)";
}
