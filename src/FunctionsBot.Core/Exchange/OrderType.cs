namespace FunctionsBot.Core.Exchange;

/// <summary>The order types the bot places.</summary>
public enum OrderType
{
    Market,
    Limit,
}
