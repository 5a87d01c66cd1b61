namespace FunctionsBot.Core.Strategy;

public enum Signal
{
    Hold,
    Enter,
    Exit,
}
