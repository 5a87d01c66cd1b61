namespace FunctionsBot.Core.Exchange;

/// <summary>
/// One symbol's market data for a cycle: its last closed candles (oldest first) and its last price, or the failure that
/// kept the exchange from answering for it.
/// </summary>
public sealed record MarketRead(IReadOnlyList<Candle> Candles, decimal Price)
{
    public ExchangeException? Failure { get; init; }

    public static MarketRead Failed(ExchangeException failure) => new([], 0m) { Failure = failure };
}
