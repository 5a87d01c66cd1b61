using System.Collections.Concurrent;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance;

/// <summary>
/// Paper mode: live public market data (no keys), fills simulated at the last price with a 0.1 %
/// commission on the received asset. The ledger is the record of the paper trades; an order the
/// process did not commit before a restart is, correctly, not found. Paper keeps no balances: the quote is the
/// starting balance, and the base of any asset is what the ledger holds (so sells are never capped).
/// </summary>
internal sealed class PaperExchange(BinanceExchange market, string quoteAsset, decimal startingQuote) : IExchange
{
    private const decimal Commission = 0.001m;
    private readonly ConcurrentDictionary<string, OrderOutcome> _orders = new(StringComparer.Ordinal);

    public TimeSpan OrderCallBound => TimeSpan.Zero;

    public Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        market.GetClosedCandlesAsync(symbol, interval, count, cancellationToken);

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) => market.GetPriceAsync(symbol, cancellationToken);

    public Task<IReadOnlyDictionary<string, MarketRead>> ReadMarketsAsync(IReadOnlyList<string> symbols, string interval, int closedCount, CancellationToken cancellationToken) =>
        market.ReadMarketsAsync(symbols, interval, closedCount, cancellationToken);

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) => market.GetAveragePriceAsync(symbol, cancellationToken);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) => market.GetRulesAsync(symbol, cancellationToken);

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(asset == quoteAsset ? startingQuote : decimal.MaxValue);

    public Task<decimal> GetBestAskAsync(string symbol, CancellationToken cancellationToken) => market.GetBestAskAsync(symbol, cancellationToken);

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken) =>
        PlaceAsync(symbol, side, quantity, null, clientOrderId, cancellationToken);

    /// <summary>Fills whole at the last price when that is within <paramref name="price"/>; otherwise it expires with nothing.</summary>
    public Task<OrderOutcome> PlaceLimitIocAsync(string symbol, OrderSide side, decimal quantity, decimal price, string clientOrderId, CancellationToken cancellationToken) =>
        PlaceAsync(symbol, side, quantity, price, clientOrderId, cancellationToken);

    private async Task<OrderOutcome> PlaceAsync(string symbol, OrderSide side, decimal quantity, decimal? limit, string clientOrderId, CancellationToken cancellationToken)
    {
        var price = await market.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (limit is { } worst && (side == OrderSide.Buy ? price > worst : price < worst))
        {
            var expired = new OrderOutcome(clientOrderId, OrderProgress.Ended, 0, 0, []);
            return _orders.TryAdd(clientOrderId, expired) ? expired : throw new ExchangeException($"Duplicate paper order {clientOrderId}.", ExecutionStatus.Rejected, ExchangeFailure.Refused);
        }

        var rules = await market.GetRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
        var quote = quantity * price;
        var fill = side == OrderSide.Buy
            ? new Fill(price, quantity, decimal.Round(quantity * Commission, 8, MidpointRounding.ToPositiveInfinity), rules.BaseAsset)
            : new Fill(price, quantity, decimal.Round(quote * Commission, 8, MidpointRounding.ToPositiveInfinity), rules.QuoteAsset);
        var outcome = new OrderOutcome(clientOrderId, OrderProgress.Filled, quantity, quote, [fill]);
        return _orders.TryAdd(clientOrderId, outcome)
            ? outcome
            : throw new ExchangeException($"Duplicate paper order {clientOrderId}.", ExecutionStatus.Rejected, ExchangeFailure.Refused);
    }

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.TryGetValue(clientOrderId, out var outcome) ? outcome : null);

    public Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken) => Task.FromResult(0);
}
