namespace FunctionsBot.Core.Exchange;

public enum OrderSide
{
    Buy,
    Sell,
}
