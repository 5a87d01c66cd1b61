using System.Collections.Concurrent;
using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance;

/// <summary>
/// The trade cycle's <see cref="IExchange"/> and <see cref="IProtectiveOrders"/>, and reconciliation's
/// <see cref="IExchangeAccount"/>, over the Binance client and the exchangeInfo cache.
/// </summary>
internal sealed class BinanceExchange(BinanceSpotClient client, ExchangeInfoCache cache, IOptionsMonitor<BinanceOptions> options) : IExchange, IExchangeAccount, IProtectiveOrders
{
    /// <summary>Rows per history request (Binance's maximum).</summary>
    internal const int HistoryPage = 1000;

    public TimeSpan OrderCallBound =>
        TimeSpan.FromSeconds(options.CurrentValue.RequestTimeoutSeconds) + TimeSpan.FromMilliseconds(options.CurrentValue.RecvWindowMs);

    public Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<Candle>)ClosedCandles(await KlinesAsync(symbol, interval, count, cancellationToken).ConfigureAwait(false), count));

    /// <summary>
    /// One klines request per symbol (weight 2 each), at most <c>Binance__MaxConcurrentRequests</c> at a time, each under
    /// the client's rate-limit gate: the closed candles, and as the price the close of the candle still forming
    /// (the exchange's last trade), so no ticker request is needed.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MarketRead>> ReadMarketsAsync(IReadOnlyList<string> symbols, string interval, int closedCount, CancellationToken cancellationToken)
    {
        var reads = new ConcurrentDictionary<string, MarketRead>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.ConcurrencyFor(symbols.Count), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(symbols, parallel, async (symbol, token) =>
        {
            try
            {
                reads[symbol] = await Translate(async () =>
                {
                    var klines = await KlinesAsync(symbol, interval, closedCount, token).ConfigureAwait(false);
                    return klines.Count == 0
                        ? throw new BinanceResponseException($"GET /api/v3/klines: no candle for {symbol}.")
                        : new MarketRead(ClosedCandles(klines, closedCount), klines[^1].Close);
                }).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                reads[symbol] = MarketRead.Failed(ex);
            }
        }).ConfigureAwait(false);
        return reads;
    }

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetTickerPriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price);

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAveragePriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(() => cache.GetAsync(symbol, cancellationToken));

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) =>
        Translate(async () => (await client.GetAccountAsync(cancellationToken).ConfigureAwait(false)).Balance(asset).Free);

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(symbol, async () =>
        {
            var placed = await client.PlaceOrderAsync(new OrderRequest(symbol, side, OrderType.Market, clientOrderId, Quantity: quantity), cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(placed, clientOrderId, placed.Fills.Select(f => new Fill(f.Price, f.Qty, f.Commission, f.CommissionAsset)).ToList(), cancellationToken).ConfigureAwait(false);
        });

    public Task<OrderOutcome> PlaceLimitIocAsync(string symbol, OrderSide side, decimal quantity, decimal price, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(symbol, async () =>
        {
            var placed = await client.PlaceOrderAsync(new OrderRequest(symbol, side, OrderType.Limit, clientOrderId, Quantity: quantity, Price: price) { TimeInForce = "IOC" }, cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(placed, clientOrderId, placed.Fills.Select(f => new Fill(f.Price, f.Qty, f.Commission, f.CommissionAsset)).ToList(), cancellationToken).ConfigureAwait(false);
        });

    public Task<decimal> GetBestAskAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(() => client.GetBestAskAsync(symbol, cancellationToken));

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
            await QueryOrNullAsync(symbol, clientOrderId, cancellationToken).ConfigureAwait(false) is { } order
                ? await OutcomeAsync(order, clientOrderId, [], cancellationToken).ConfigureAwait(false)
                : (OrderOutcome?)null);

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

    public Task<long> PlaceOcoAsync(OcoRequest request, CancellationToken cancellationToken) =>
        Translate(request.Symbol, async () =>
        {
            var list = await client.PlaceOcoAsync(request, cancellationToken).ConfigureAwait(false);
            return list.ListClientOrderId == request.ListClientOrderId
                ? list.OrderListId
                : throw new BinanceResponseException($"order list {request.ListClientOrderId}: the reply is for list client id '{list.ListClientOrderId}'.");
        });

    /// <summary>The list's reply reports the working order without its fills: they are read by its order id when it traded.</summary>
    public Task<OpocoPlacement> PlaceOpocoAsync(OpocoRequest request, CancellationToken cancellationToken) =>
        Translate(request.Protection.Symbol, async () =>
        {
            var list = await client.PlaceOpocoAsync(request, cancellationToken).ConfigureAwait(false);
            var working = list.Reports.FirstOrDefault(r => r.ClientOrderId == request.WorkingClientOrderId);
            if (list.ListClientOrderId != request.Protection.ListClientOrderId || working is null)
            {
                throw new BinanceResponseException($"OPOCO {request.Protection.ListClientOrderId}: the reply is for list '{list.ListClientOrderId}' and reports no working order {request.WorkingClientOrderId}.");
            }

            return new OpocoPlacement(list.OrderListId, await OutcomeAsync(working, request.WorkingClientOrderId, [], cancellationToken).ConfigureAwait(false));
        });

    public Task<OrderListState?> FindListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            try
            {
                var list = await client.QueryOrderListAsync(listClientOrderId, cancellationToken).ConfigureAwait(false);
                return list.ListClientOrderId == listClientOrderId && list.Symbol == symbol
                    ? new OrderListState(list.OrderListId, list.ListOrderStatus == "EXECUTING")
                    : throw new BinanceResponseException($"order list {listClientOrderId}: the reply is for list '{list.ListClientOrderId}' on {list.Symbol}.");
            }
            catch (BinanceApiException ex) when (ex.IsOrderNotFound)
            {
                return (OrderListState?)null;
            }
        });

    public Task<IReadOnlyDictionary<string, long>> GetOpenListsAsync(CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyDictionary<string, long>)(await client.GetOpenOrderListsAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(l => l.ListClientOrderId, l => l.OrderListId, StringComparer.Ordinal));

    /// <summary>True only when the list was canceled with nothing sold; a leg that traded first (a -2011, or a report with fills) is false.</summary>
    public Task<bool> CancelListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            try
            {
                // Untouched when no SELL leg traded: an OPOCO's working order (the BUY) traded by design before its pair worked.
                var list = await client.CancelOrderListAsync(symbol, listClientOrderId, cancellationToken).ConfigureAwait(false);
                return list.Reports.Where(r => r.Side != "BUY").All(r => r.ExecutedQty == 0);
            }
            catch (BinanceApiException ex) when (ex.IsCancelRejected)
            {
                return false;
            }
        });

    public Task<bool> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            try
            {
                await client.CancelOrderAsync(symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (BinanceApiException ex) when (ex.IsCancelRejected)
            {
                return false;
            }
        });

    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken) =>
        Translate(() => client.GetServerTimeAsync(cancellationToken));

    public Task<IReadOnlyList<ExchangeOrder>> GetOrdersAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<ExchangeOrder>)(await PageAsync(
            since, until, (from, to) => client.GetAllOrdersAsync(symbol, from, to, HistoryPage, cancellationToken), o => o.OrderId, o => o.Time).ConfigureAwait(false))
            .Select(ToExchangeOrder).ToList());

    public Task<IReadOnlyList<ExchangeTrade>> GetTradesAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<ExchangeTrade>)(await PageAsync(
            since, until, (from, to) => client.GetTradesAsync(symbol, from, to, HistoryPage, cancellationToken), t => t.Id, t => t.Time).ConfigureAwait(false))
            .Select(t => ToExchangeTrade(symbol, t)).ToList());

    public Task<IReadOnlyList<ExchangeTrade>> GetOrderTradesAsync(string symbol, long orderId, CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<ExchangeTrade>)(await client.GetTradesAsync(symbol, orderId, cancellationToken).ConfigureAwait(false))
            .Select(t => ToExchangeTrade(symbol, t)).ToList());

    private static ExchangeTrade ToExchangeTrade(string symbol, AccountTrade t) =>
        new(symbol, t.Id, t.OrderId, t.IsBuyer ? OrderSide.Buy : OrderSide.Sell, t.Price, t.Qty, t.QuoteQty, t.Commission, t.CommissionAsset, DateTimeOffset.FromUnixTimeMilliseconds(t.Time));

    public Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(string symbol, CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<ExchangeOrder>)(await client.GetOpenOrdersAsync(symbol, cancellationToken).ConfigureAwait(false)).Select(ToExchangeOrder).ToList());

    public Task<IReadOnlyList<ExchangeOrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<ExchangeOrderList>)(await client.GetOpenOrderListsAsync(cancellationToken).ConfigureAwait(false))
            .Select(l => new ExchangeOrderList(l.Symbol, l.OrderListId, l.ListClientOrderId, l.Legs.Select(g => g.ClientOrderId).ToList())).ToList());

    public Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(CancellationToken cancellationToken) =>
        Translate(async () => (IReadOnlyList<AccountBalance>)(await client.GetAccountAsync(cancellationToken).ConfigureAwait(false)).Balances
            .Select(b => new AccountBalance(b.Asset, b.Free, b.Locked)).ToList());

    Task<ExchangeOrder?> IExchangeAccount.FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Translate(async () => await QueryOrNullAsync(symbol, clientOrderId, cancellationToken).ConfigureAwait(false) is { } order ? ToExchangeOrder(order) : null);

    /// <summary>The order by client id; null when the exchange says it does not exist (-2013).</summary>
    private async Task<PlacedOrder?> QueryOrNullAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.QueryOrderAsync(symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (BinanceApiException ex) when (ex.IsOrderNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a history window as Binance serves it: slices of at most 24 hours, and within a slice pages of
    /// <see cref="HistoryPage"/> rows that go on from the last row's time (rows seen twice are dropped by id).
    /// </summary>
    private static async Task<List<T>> PageAsync<T>(DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, DateTimeOffset, Task<IReadOnlyList<T>>> read, Func<T, long> id, Func<T, long> time)
    {
        var rows = new List<T>();
        var seen = new HashSet<long>();
        for (var sliceStart = from; sliceStart < to; sliceStart += TimeSpan.FromHours(24))
        {
            var sliceEnd = sliceStart + TimeSpan.FromHours(24) < to ? sliceStart + TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1) : to;
            var start = sliceStart;
            while (true)
            {
                var page = await read(start, sliceEnd).ConfigureAwait(false);
                rows.AddRange(page.Where(r => seen.Add(id(r))));
                if (page.Count < HistoryPage)
                {
                    break;
                }

                var next = DateTimeOffset.FromUnixTimeMilliseconds(page.Max(time));
                if (next <= start)
                {
                    throw new BinanceResponseException($"More than {HistoryPage} rows share the time {next:O}; the history cannot be paged by time.");
                }

                start = next;
            }
        }

        return rows.OrderBy(time).ThenBy(id).ToList();
    }

    private static ExchangeOrder ToExchangeOrder(PlacedOrder o) => new(
        o.Symbol, o.OrderId, o.ClientOrderId, o.Side == "SELL" ? OrderSide.Sell : OrderSide.Buy, o.Status.ToString(),
        o.Status is OrderStatus.New or OrderStatus.PendingNew or OrderStatus.PartiallyFilled or OrderStatus.PendingCancel,
        o.OrigQty, o.ExecutedQty, o.CummulativeQuoteQty, DateTimeOffset.FromUnixTimeMilliseconds(o.Time))
    {
        OrderListId = o.OrderListId,
    };

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

        return new OrderOutcome(order.ClientOrderId, progress, order.ExecutedQty, order.CummulativeQuoteQty, fills)
        {
            OnBook = order.IsWorking,
            OrderListId = order.OrderListId >= 0 ? order.OrderListId : null,
        };
    }

    /// <summary>
    /// The last <paramref name="closedCount"/> closed candles and, without an end time, the one still forming last; that
    /// one is dropped from the closes whatever the clocks say (the exchange's market clock is the only one that knows when
    /// a candle closed).
    /// </summary>
    private Task<IReadOnlyList<Market.Kline>> KlinesAsync(string symbol, string interval, int closedCount, CancellationToken cancellationToken) =>
        client.GetKlinesAsync(symbol, interval, Math.Min(1000, closedCount + 1), cancellationToken);

    private static List<Candle> ClosedCandles(IReadOnlyList<Market.Kline> klines, int count) =>
        klines.SkipLast(1).TakeLast(count).Select(k => new Candle(k.OpenTime, k.Open, k.High, k.Low, k.Close, k.Volume, k.CloseTime)).ToList();

    /// <summary>
    /// A placement: a refusal because the market is closed (-2010 "Market is closed.") means the symbol's cached status is
    /// stale, so its rules are read again before the next decision.
    /// </summary>
    private Task<T> Translate<T>(string symbol, Func<Task<T>> call) =>
        Translate(async () =>
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (BinanceApiException ex) when (ex.Code == -2010 && ex.BinanceMessage == "Market is closed.")
            {
                cache.Clear(symbol);
                throw;
            }
        });

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
                : ex.IsKeyRefused ? ExchangeFailure.KeysRefused
                : ex.Execution == ExecutionStatus.Rejected && !ex.IsRateLimited && !ex.IsTimestampRejected && ex.HttpStatus is >= 400 and < 500 ? ExchangeFailure.Refused
                : ExchangeFailure.Outage;
            throw new ExchangeException(ex.Message, ex.Execution, failure, ex, ex.IsRateLimited || ex.IsBackingOff ? ex.RetryAfter : null);
        }
        catch (BinanceResponseException ex)
        {
            throw new ExchangeException(ex.Message, ExecutionStatus.Unknown, ExchangeFailure.Outage, ex);
        }
    }
}
