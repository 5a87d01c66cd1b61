namespace FunctionsBot.Core.Strategy;

/// <summary>Where an open position's stop-loss and take-profit are kept (<c>Strategy__Protection</c>).</summary>
public enum ProtectionMode
{
    /// <summary>An OCO order list at the exchange (the bot-side check holds only while none could be placed).</summary>
    Exchange,

    /// <summary>The trade cycle compares the price with the levels once a cycle.</summary>
    Bot,
}
