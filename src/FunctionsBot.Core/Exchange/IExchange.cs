namespace FunctionsBot.Core.Exchange;

/// <summary>
/// The exchange as the trade cycle sees it. Failures are <see cref="ExchangeException"/>s that say
/// whether the call may have executed.
/// </summary>
public interface IExchange
{
    /// <summary>
    /// How long after it is sent an order call can still be executed by the exchange (the request timeout plus
    /// the signed request's recvWindow). The cycle holds its lease at least this long past every order it sends.
    /// </summary>
    TimeSpan OrderCallBound { get; }

    /// <summary>The last <paramref name="count"/> closed candles, oldest first (never the one still forming).</summary>
    Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string symbol, string interval, int count, CancellationToken cancellationToken);

    Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// Every symbol's last <paramref name="closedCount"/> closed candles and last price, for one cycle's decisions. A symbol the
    /// exchange could not answer for carries its failure; the others are unaffected. This default asks symbol by symbol;
    /// an adapter that can should read them at once.
    /// </summary>
    async Task<IReadOnlyDictionary<string, MarketRead>> ReadMarketsAsync(IReadOnlyList<string> symbols, string interval, int closedCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var reads = new Dictionary<string, MarketRead>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            try
            {
                var candles = await GetClosedCandlesAsync(symbol, interval, closedCount, cancellationToken).ConfigureAwait(false);
                reads[symbol] = new MarketRead(candles, await GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false));
            }
            catch (ExchangeException ex)
            {
                reads[symbol] = MarketRead.Failed(ex);
            }
        }

        return reads;
    }

    /// <summary>The price MARKET notional checks use.</summary>
    Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken);

    Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken);

    Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken);

    /// <summary>Sends one MARKET order, once. An unknown outcome is an <see cref="ExchangeException"/> with <see cref="ExecutionStatus.Unknown"/>.</summary>
    Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one LIMIT order with time in force IOC, once: it takes what the book offers up to <paramref name="price"/> and
    /// the rest expires (a MARKET order with a worst price). An unknown outcome is an <see cref="ExchangeException"/> with <see cref="ExecutionStatus.Unknown"/>.
    /// </summary>
    Task<OrderOutcome> PlaceLimitIocAsync(string symbol, OrderSide side, decimal quantity, decimal price, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>The best ask (the lowest price a buy can take now); an adapter without a book answers the last price.</summary>
    Task<decimal> GetBestAskAsync(string symbol, CancellationToken cancellationToken) => GetPriceAsync(symbol, cancellationToken);

    /// <summary>The order with this client id, or null when the exchange says it does not exist.</summary>
    Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>Cancels the bot's open orders on the symbol (client ids starting with <paramref name="clientIdPrefix"/>); returns how many.</summary>
    Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken);
}
