using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance;

/// <summary>The trade cycle's <see cref="IExchange"/> over the Binance client and the exchangeInfo cache.</summary>
internal sealed class BinanceExchange(BinanceSpotClient client, ExchangeInfoCache cache) : IExchange
{
    public Task<IReadOnlyList<decimal>> GetClosedClosesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            // Without an end time the exchange returns the candle still forming last: drop it, whatever the
            // clocks say (the exchange's market clock is the only one that knows when a candle closed).
            var klines = await client.GetKlinesAsync(symbol, interval, Math.Min(1000, count + 1), cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<decimal>)klines.SkipLast(1).TakeLast(count).Select(k => k.Close).ToList();
        });

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetTickerPricesAsync([symbol], cancellationToken).ConfigureAwait(false)).Single().Price);

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAveragePriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(() => cache.GetAsync(symbol, cancellationToken));

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAccountAsync(cancellationToken).ConfigureAwait(false)).Balance(asset).Free);

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            var rules = await cache.GetAsync(symbol, cancellationToken).ConfigureAwait(false);
            var placed = await client.PlaceOrderAsync(new OrderRequest(symbol, side, OrderType.Market, clientOrderId, Quantity: quantity), cancellationToken).ConfigureAwait(false);
            return Outcome(placed, rules, placed.Fills.Select(f => (f.Commission, f.CommissionAsset)));
        });

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            PlacedOrder order;
            try
            {
                order = await client.QueryOrderAsync(symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
            }
            catch (BinanceApiException ex) when (ex.IsOrderNotFound)
            {
                return null;
            }

            var rules = await cache.GetAsync(symbol, cancellationToken).ConfigureAwait(false);
            var trades = order.ExecutedQty > 0
                ? await client.GetTradesAsync(symbol, order.OrderId, cancellationToken).ConfigureAwait(false)
                : [];
            return (OrderOutcome?)Outcome(order, rules, trades.Select(t => (t.Commission, t.CommissionAsset)));
        });

    public Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            var canceled = 0;
            foreach (var order in (await client.GetOpenOrdersAsync(symbol, cancellationToken).ConfigureAwait(false))
                .Where(o => o.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal)))
            {
                await client.CancelOrderAsync(symbol, order.ClientOrderId, cancellationToken).ConfigureAwait(false);
                canceled++;
            }

            return canceled;
        });

    private static OrderOutcome Outcome(PlacedOrder order, SymbolRules rules, IEnumerable<(decimal Commission, string Asset)> commissions)
    {
        var list = commissions.ToList();
        var progress = order.Status switch
        {
            OrderStatus.New or OrderStatus.PendingNew or OrderStatus.PartiallyFilled or OrderStatus.PendingCancel or OrderStatus.Unknown => OrderProgress.Working,
            _ when order.ExecutedQty > 0 => OrderProgress.Filled,
            _ => OrderProgress.Ended,
        };
        return new OrderOutcome(
            order.ClientOrderId,
            progress,
            order.ExecutedQty,
            order.CummulativeQuoteQty,
            list.Where(c => c.Asset == rules.BaseAsset).Sum(c => c.Commission),
            list.Where(c => c.Asset == rules.QuoteAsset).Sum(c => c.Commission));
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (BinanceApiException ex)
        {
            // Rate limits, bans and a clock the exchange still refuses after one resync are outages of the
            // connection, not refusals of this request.
            var failure = ex.IsBackingOff ? ExchangeFailure.BackingOff
                : ex.Execution == ExecutionStatus.Rejected && !ex.IsRateLimited && !ex.IsTimestampRejected && ex.HttpStatus is >= 400 and < 500 ? ExchangeFailure.Refused
                : ExchangeFailure.Outage;
            throw new ExchangeException(ex.Message, ex.Execution, failure, ex);
        }
        catch (BinanceResponseException ex)
        {
            throw new ExchangeException(ex.Message, ExecutionStatus.Unknown, ExchangeFailure.Outage, ex);
        }
    }
}
