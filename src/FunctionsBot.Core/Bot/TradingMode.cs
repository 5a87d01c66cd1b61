namespace FunctionsBot.Core.Bot;

/// <summary>Where orders go.</summary>
public enum TradingMode
{
    /// <summary>The local Binance-compatible simulator on loopback (default).</summary>
    Simulated,

    /// <summary>Live public market data, fills simulated in the ledger, no API keys.</summary>
    Paper,

    /// <summary>testnet.binance.vision with testnet keys.</summary>
    Testnet,

    /// <summary>Real money. Refuses to start unless <c>Bot__ConfirmLive=true</c>.</summary>
    Live,
}
