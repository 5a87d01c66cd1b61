using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance;

/// <summary>The trade cycle's <see cref="IExchange"/> over the Binance client and the exchangeInfo cache.</summary>
internal sealed class BinanceExchange(BinanceSpotClient client, ExchangeInfoCache cache, IOptionsMonitor<BinanceOptions> options) : IExchange
{
    public TimeSpan OrderCallBound =>
        TimeSpan.FromSeconds(options.CurrentValue.RequestTimeoutSeconds) + TimeSpan.FromMilliseconds(options.CurrentValue.RecvWindowMs);

    public Task<IReadOnlyList<decimal>> GetClosedClosesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            // Without an end time the exchange returns the candle still forming last: drop it, whatever the
            // clocks say (the exchange's market clock is the only one that knows when a candle closed).
            var klines = await client.GetKlinesAsync(symbol, interval, Math.Min(1000, count + 1), cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<decimal>)klines.SkipLast(1).TakeLast(count).Select(k => k.Close).ToList();
        });

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetTickerPriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price);

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAveragePriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(() => cache.GetAsync(symbol, cancellationToken));

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAccountAsync(cancellationToken).ConfigureAwait(false)).Balance(asset).Free);

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            var placed = await client.PlaceOrderAsync(new OrderRequest(symbol, side, OrderType.Market, clientOrderId, Quantity: quantity), cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(placed, clientOrderId, placed.Fills.Select(f => new Fill(f.Price, f.Qty, f.Commission, f.CommissionAsset)).ToList(), cancellationToken).ConfigureAwait(false);
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

            return (OrderOutcome?)await OutcomeAsync(order, clientOrderId, [], cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The order as booking needs it. Fills come from the FULL reply; when the reply carries none (a query, or a
    /// reply without fills) but something executed, they are read from <c>myTrades</c> by order id. The fills
    /// must add up to the executed quantity, else the reply is not what the exchange documents.
    /// </summary>
    private async Task<OrderOutcome> OutcomeAsync(PlacedOrder order, string clientOrderId, List<Fill> fills, CancellationToken cancellationToken)
    {
        var where = $"order {clientOrderId}";
        if (order.ClientOrderId != clientOrderId)
        {
            throw new BinanceResponseException($"{where}: the reply is for client order id '{order.ClientOrderId}'.");
        }

        if (order.ExecutedQty < 0 || order.CummulativeQuoteQty < 0 || order.ExecutedQty > order.OrigQty && order.OrigQty > 0)
        {
            throw new BinanceResponseException($"{where}: executedQty {order.ExecutedQty} / cummulativeQuoteQty {order.CummulativeQuoteQty} do not describe an order of {order.OrigQty}.");
        }

        var progress = order.Status switch
        {
            OrderStatus.New or OrderStatus.PendingNew or OrderStatus.PartiallyFilled or OrderStatus.PendingCancel => OrderProgress.Working,
            OrderStatus.Unknown => throw new BinanceResponseException($"{where}: unknown order status."),
            _ when order.ExecutedQty > 0 => OrderProgress.Filled,
            _ => OrderProgress.Ended,
        };
        if (progress == OrderProgress.Filled && fills.Count == 0)
        {
            fills = (await client.GetTradesAsync(order.Symbol, order.OrderId, cancellationToken).ConfigureAwait(false))
                .Select(t => new Fill(t.Price, t.Qty, t.Commission, t.CommissionAsset)).ToList();
        }

        if (progress == OrderProgress.Filled && fills.Sum(f => f.Quantity) != order.ExecutedQty)
        {
            throw new BinanceResponseException($"{where}: its fills add up to {fills.Sum(f => f.Quantity)}, not the executed {order.ExecutedQty}.");
        }

        return new OrderOutcome(order.ClientOrderId, progress, order.ExecutedQty, order.CummulativeQuoteQty, fills);
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
