namespace FunctionsBot.Core.Exchange;

/// <summary>What an exchange failure says about the exchange, for the circuit breaker.</summary>
public enum ExchangeFailure
{
    /// <summary>
    /// The exchange, or the way to it, failed: 5xx, timeouts, transport errors, 429/418, a timestamp still
    /// refused after the resync, a malformed reply. Counts toward the breaker.
    /// </summary>
    Outage,

    /// <summary>The exchange refused this request itself (filters, balance, duplicate id); the exchange is fine.</summary>
    Refused,

    /// <summary>
    /// The exchange refused the key pair (unknown key, wrong secret, IP not allowed, no permission): every signed call
    /// fails alike until a person fixes the key. Not an outage; health and alerts report it (<see cref="ExchangeStatus.KeysRefused"/>).
    /// </summary>
    KeysRefused,

    /// <summary>
    /// Not sent: the exchange asked us to back off and that time has not passed. The 429/418 that asked was
    /// already counted, so this is not counted again.
    /// </summary>
    BackingOff,
}
