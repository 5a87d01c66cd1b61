using System.Globalization;
using System.Text.Json;
using FunctionsBot.Binance.Account;
using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Market;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Binance.Signing;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance;

/// <summary>
/// Binance Spot REST client. Signs with HMAC-SHA256, keeps a server-time offset, honours 429/418 with
/// <c>Retry-After</c> for the whole process, and classifies every failure as Rejected or Unknown.
/// Only safe GETs are retried (by the resilience pipeline); an order POST or DELETE is sent once:
/// the only automatic resend is after a -1021, which the exchange rejects before executing anything.
/// </summary>
public sealed partial class BinanceSpotClient : IExchangeInfoSource
{
    private readonly HttpClient _http;
    private readonly IExchangeCredentials _credentials;
    private (ExchangeCredentials Credentials, BinanceKeyType Type, BinanceSigner Signer)? _signer;
    private readonly ServerClock _clock;
    private readonly RateLimitGate _gate;
    private readonly IOptionsMonitor<BinanceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BinanceSpotClient> _logger;
    private volatile Failed? _lastFailure;
    private volatile Failed? _keysRefused;

    internal BinanceSpotClient(
        HttpClient http,
        IExchangeCredentials credentials,
        ServerClock clock,
        RateLimitGate gate,
        IOptionsMonitor<BinanceOptions> options,
        TimeProvider time,
        ILogger<BinanceSpotClient> logger)
    {
        _http = http;
        _credentials = credentials;
        _clock = clock;
        _gate = gate;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The weight the exchange last reported as used this minute (X-MBX-USED-WEIGHT-1M).</summary>
    public int UsedWeight1M => _gate.UsedWeight1M;

    /// <summary>The account's unfilled order counts the exchange last reported (X-MBX-ORDER-COUNT-10S / -1D).</summary>
    public (int TenSeconds, int Day) OrderCounts => (_gate.OrderCount10S, _gate.OrderCount1D);

    /// <summary>When calls may resume after a 429/418, or null.</summary>
    public DateTimeOffset? BlockedUntil => _gate.BlockedUntil;

    public TimeSpan ServerTimeOffset => _clock.Offset;

    /// <summary>How many times a read waited for the next minute to stay within <c>Binance__WeightBudgetPerMinute</c>.</summary>
    public long PacedWaits => _gate.Waits;

    /// <summary>The status (429 or 418) that asked for the back-off in force, or null.</summary>
    public int? BlockedBy => _gate.BlockedBy;

    /// <summary>The last signed call, when the exchange refused its key pair (<see cref="BinanceApiException.IsKeyRefused"/>); null once a signed call succeeds.</summary>
    public Failed? KeysRefused => _keysRefused;

    /// <summary>The last call that failed (its endpoint and reason; never the query) and when, or null.</summary>
    public Failed? LastFailure => _lastFailure;

    /// <summary><c>GET /api/v3/ping</c>, weight 1.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/ping", [], signed: false, _ => true, cancellationToken);

    /// <summary><c>GET /api/v3/time</c>, weight 1; also refreshes the server-time offset.</summary>
    public async Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var serverTime = await SendAsync(HttpMethod.Get, "api/v3/time", [], signed: false, j => j.Long("serverTime"), cancellationToken).ConfigureAwait(false);
        _clock.Record(sentAt, _time.GetUtcNow(), serverTime);
        return DateTimeOffset.FromUnixTimeMilliseconds(serverTime);
    }

    /// <summary><c>GET /api/v3/exchangeInfo?symbols=[…]</c>, weight 20, one call for all the symbols.</summary>
    public Task<ExchangeInfo> GetExchangeInfoAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/exchangeInfo", [new("symbols", JsonSerializer.Serialize(symbols))], signed: false, ExchangeInfoParser.Parse, cancellationToken);

    /// <summary><c>GET /api/v3/ticker/price?symbol=</c>, weight 2: one symbol's last price.</summary>
    public Task<TickerPrice> GetTickerPriceAsync(string symbol, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/ticker/price", [new("symbol", symbol)], signed: false, j => ReplyParsers.Ticker(j, symbol), cancellationToken);

    /// <summary><c>GET /api/v3/ticker/bookTicker?symbol=</c>, weight 2: the best ask; 0 when the book's ask side is empty.</summary>
    public Task<decimal> GetBestAskAsync(string symbol, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/ticker/bookTicker", [new("symbol", symbol)], signed: false, j => ReplyParsers.BestAsk(j, symbol), cancellationToken);

    /// <summary><c>GET /api/v3/ticker/price?symbols=[…]</c>, weight 4, every symbol in one call; exactly the symbols asked, else a <see cref="BinanceResponseException"/>.</summary>
    public Task<IReadOnlyList<TickerPrice>> GetTickerPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<TickerPrice>>(
            HttpMethod.Get, "api/v3/ticker/price", [new("symbols", JsonSerializer.Serialize(symbols))], signed: false,
            j => ReplyParsers.Tickers(j, symbols), cancellationToken);

    /// <summary><c>GET /api/v3/klines</c>, weight 2. The last candle may still be open.</summary>
    public Task<IReadOnlyList<Kline>> GetKlinesAsync(string symbol, string interval, int limit, CancellationToken cancellationToken, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var parameters = new List<KeyValuePair<string, string>> { new("symbol", symbol), new("interval", interval), new("limit", Text(limit)) };
        if (startTime is { } start)
        {
            parameters.Add(new("startTime", Text(start.ToUnixTimeMilliseconds())));
        }

        if (endTime is { } end)
        {
            parameters.Add(new("endTime", Text(end.ToUnixTimeMilliseconds())));
        }

        return SendAsync<IReadOnlyList<Kline>>(HttpMethod.Get, "api/v3/klines", parameters, signed: false, ParseKlines, cancellationToken);
    }

    /// <summary><c>GET /api/v3/avgPrice</c>, weight 2.</summary>
    public Task<AveragePrice> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/avgPrice", [new("symbol", symbol)], signed: false, ReplyParsers.AveragePrice, cancellationToken);

    /// <summary><c>GET /api/v3/account?omitZeroBalances=true</c>, weight 20, signed.</summary>
    public Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Get, "api/v3/account", [new("omitZeroBalances", "true")], signed: true,
            ReplyParsers.Account, cancellationToken);

    /// <summary>
    /// <c>POST /api/v3/order</c> with <c>newOrderRespType=FULL</c>, weight 1, signed. Sent once: when this
    /// throws a <see cref="BinanceApiException"/> with <see cref="ExecutionStatus.Unknown"/>, find the order
    /// by its client order id; never resend it.
    /// </summary>
    public Task<PlacedOrder> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Validate();
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("symbol", order.Symbol),
            new("side", order.Side == OrderSide.Buy ? "BUY" : "SELL"),
            new("type", order.Type == OrderType.Market ? "MARKET" : "LIMIT"),
        };
        if (order.Type == OrderType.Limit)
        {
            parameters.Add(new("timeInForce", order.TimeInForce));
            parameters.Add(new("price", Text(order.Price!.Value)));
        }

        if (order.Quantity is { } quantity)
        {
            parameters.Add(new("quantity", Text(quantity)));
        }

        if (order.QuoteOrderQty is { } quote)
        {
            parameters.Add(new("quoteOrderQty", Text(quote)));
        }

        parameters.Add(new("newClientOrderId", order.ClientOrderId));
        parameters.Add(new("newOrderRespType", "FULL"));
        return SendAsync(HttpMethod.Post, "api/v3/order", parameters, signed: true, OrderParser.Order, cancellationToken);
    }

    /// <summary><c>GET /api/v3/order?origClientOrderId=</c>, weight 4, signed. Absent is -2013 (<see cref="BinanceApiException.IsOrderNotFound"/>), which right after a placement is not proof of absence.</summary>
    public Task<PlacedOrder> QueryOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/order", [new("symbol", symbol), new("origClientOrderId", clientOrderId)], signed: true, OrderParser.Order, cancellationToken);

    /// <summary><c>DELETE /api/v3/order?origClientOrderId=</c>, weight 1, signed; sent once.</summary>
    public Task<PlacedOrder> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "api/v3/order", [new("symbol", symbol), new("origClientOrderId", clientOrderId)], signed: true, OrderParser.Order, cancellationToken);

    /// <summary><c>GET /api/v3/openOrders?symbol=</c>, weight 6, signed.</summary>
    public Task<IReadOnlyList<PlacedOrder>> GetOpenOrdersAsync(string symbol, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<PlacedOrder>>(HttpMethod.Get, "api/v3/openOrders", [new("symbol", symbol)], signed: true, j => j.Items().Select(OrderParser.Order).ToList(), cancellationToken);

    /// <summary>
    /// <c>POST /api/v3/orderList/oco</c>, weight 1 (two orders toward the order counts), signed: a SELL list of a
    /// LIMIT_MAKER above (the take-profit) and a GTC STOP_LOSS_LIMIT below (stop and limit). Sent once: when this
    /// throws a <see cref="BinanceApiException"/> with <see cref="ExecutionStatus.Unknown"/>, find the list by its
    /// client id; never resend it.
    /// </summary>
    public Task<OrderList> PlaceOcoAsync(OcoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateProtection(request);

        return SendAsync(
            HttpMethod.Post,
            "api/v3/orderList/oco",
            [
                new("symbol", request.Symbol),
                new("side", "SELL"),
                new("quantity", Text(request.Quantity)),
                new("listClientOrderId", request.ListClientOrderId),
                new("aboveType", "LIMIT_MAKER"),
                new("aboveClientOrderId", request.TakeProfitClientOrderId),
                new("abovePrice", Text(request.TakeProfitPrice)),
                new("belowType", "STOP_LOSS_LIMIT"),
                new("belowClientOrderId", request.StopClientOrderId),
                new("belowStopPrice", Text(request.StopPrice)),
                new("belowPrice", Text(request.StopLimitPrice)),
                new("belowTimeInForce", "GTC"),
                new("newOrderRespType", "RESULT"),
            ],
            signed: true,
            OrderParser.List,
            cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/v3/orderList/opoco</c>, weight 1 (0 when it succeeds; three orders toward the order counts), signed: a BUY
    /// LIMIT IOC working order and a SELL pair pending on it (LIMIT_MAKER above, GTC STOP_LOSS_LIMIT below), which the exchange
    /// places for what the working order received once it fills fully. Sent once: when this throws a
    /// <see cref="BinanceApiException"/> with <see cref="ExecutionStatus.Unknown"/>, find the working order by its client
    /// order id; never resend it.
    /// </summary>
    public Task<OrderList> PlaceOpocoAsync(OpocoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = request.Protection;
        ValidateProtection(pending);
        OrderRequest.ValidateClientOrderId(request.WorkingClientOrderId);
        if (request.Quantity <= 0 || request.Price <= 0)
        {
            throw new ArgumentException("An OPOCO's working order needs a positive quantity and price.", nameof(request));
        }

        return SendAsync(
            HttpMethod.Post,
            "api/v3/orderList/opoco",
            [
                new("symbol", pending.Symbol),
                new("listClientOrderId", pending.ListClientOrderId),
                new("workingType", "LIMIT"),
                new("workingSide", "BUY"),
                new("workingClientOrderId", request.WorkingClientOrderId),
                new("workingPrice", Text(request.Price)),
                new("workingQuantity", Text(request.Quantity)),
                new("workingTimeInForce", "IOC"),
                new("pendingSide", "SELL"),
                new("pendingAboveType", "LIMIT_MAKER"),
                new("pendingAboveClientOrderId", pending.TakeProfitClientOrderId),
                new("pendingAbovePrice", Text(pending.TakeProfitPrice)),
                new("pendingBelowType", "STOP_LOSS_LIMIT"),
                new("pendingBelowClientOrderId", pending.StopClientOrderId),
                new("pendingBelowStopPrice", Text(pending.StopPrice)),
                new("pendingBelowPrice", Text(pending.StopLimitPrice)),
                new("pendingBelowTimeInForce", "GTC"),
                new("newOrderRespType", "RESULT"),
            ],
            signed: true,
            OrderParser.List,
            cancellationToken);
    }

    /// <summary>A SELL OCO's ids are valid client ids; its quantity is positive and take-profit &gt; stop ≥ the stop's limit &gt; 0.</summary>
    private static void ValidateProtection(OcoRequest request)
    {
        foreach (var id in new[] { request.ListClientOrderId, request.TakeProfitClientOrderId, request.StopClientOrderId })
        {
            OrderRequest.ValidateClientOrderId(id);
        }

        if (request.Quantity <= 0 || request.StopLimitPrice <= 0 || !(request.TakeProfitPrice > request.StopPrice && request.StopPrice >= request.StopLimitPrice))
        {
            throw new ArgumentException("A SELL OCO needs a positive quantity and take-profit > stop ≥ the stop's limit > 0.", nameof(request));
        }
    }

    /// <summary><c>GET /api/v3/orderList?origClientOrderId=</c>, weight 4, signed. Absent is -2013, which right after a placement is not proof of absence.</summary>
    public Task<OrderList> QueryOrderListAsync(string listClientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/orderList", [new("origClientOrderId", listClientOrderId)], signed: true, OrderParser.List, cancellationToken);

    /// <summary><c>DELETE /api/v3/orderList?listClientOrderId=</c>, weight 1, signed; sent once. A list that is not open is -2011.</summary>
    public Task<OrderList> CancelOrderListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "api/v3/orderList", [new("symbol", symbol), new("listClientOrderId", listClientOrderId)], signed: true, OrderParser.List, cancellationToken);

    /// <summary><c>GET /api/v3/openOrderList</c>, weight 6, signed: every open order list of the account.</summary>
    public Task<IReadOnlyList<OrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<OrderList>>(HttpMethod.Get, "api/v3/openOrderList", [], signed: true, j => j.Items().Select(OrderParser.List).ToList(), cancellationToken);

    /// <summary><c>GET /api/v3/myTrades?orderId=</c>, weight 5, signed.</summary>
    public Task<IReadOnlyList<AccountTrade>> GetTradesAsync(string symbol, long orderId, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<AccountTrade>>(
            HttpMethod.Get, "api/v3/myTrades", [new("symbol", symbol), new("orderId", Text(orderId))], signed: true, j => j.Items().Select(OrderParser.Trade).ToList(), cancellationToken);

    /// <summary>
    /// <c>GET /api/v3/allOrders</c>, weight 20, signed: the symbol's orders placed from <paramref name="start"/> to
    /// <paramref name="end"/> (at most 24 hours apart), oldest first, at most <paramref name="limit"/>.
    /// </summary>
    public Task<IReadOnlyList<PlacedOrder>> GetAllOrdersAsync(string symbol, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<PlacedOrder>>(
            HttpMethod.Get, "api/v3/allOrders", [new("symbol", symbol), .. Window(start, end, limit)], signed: true, j => j.Items().Select(OrderParser.Order).ToList(), cancellationToken);

    /// <summary><c>GET /api/v3/myTrades</c> within a window of at most 24 hours, weight 20, signed; oldest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<AccountTrade>> GetTradesAsync(string symbol, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<AccountTrade>>(
            HttpMethod.Get, "api/v3/myTrades", [new("symbol", symbol), .. Window(start, end, limit)], signed: true, j => j.Items().Select(OrderParser.Trade).ToList(), cancellationToken);

    async Task<IReadOnlyList<SymbolRules>> IExchangeInfoSource.FetchAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        (await GetExchangeInfoAsync(symbols, cancellationToken).ConfigureAwait(false)).Symbols;

    internal static IReadOnlyList<Kline> ParseKlines(JsonFields root) => root.Items().Select(k =>
    {
        var a = k.Element;
        if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() < 9)
        {
            throw new BinanceResponseException($"{k.Where}: a kline is an array of at least 9 values.");
        }

        decimal D(int i) => a[i].ValueKind == JsonValueKind.String
            ? JsonFields.ParseDecimal(a[i].GetString()!, $"{k.Where}[{i}]")
            : throw new BinanceResponseException($"{k.Where}[{i}]: expected a decimal string.");
        long L(int i) => a[i].ValueKind == JsonValueKind.Number && a[i].TryGetInt64(out var v)
            ? v
            : throw new BinanceResponseException($"{k.Where}[{i}]: expected a whole number.");
        return new Kline(L(0), D(1), D(2), D(3), D(4), D(5), L(6), D(7), L(8));
    }).ToList();

    private static KeyValuePair<string, string>[] Window(DateTimeOffset start, DateTimeOffset end, int limit) =>
        end < start || end - start > TimeSpan.FromHours(24)
            ? throw new ArgumentOutOfRangeException(nameof(end), "Binance answers history windows of at most 24 hours.")
            : [new("startTime", Text(start.ToUnixTimeMilliseconds())), new("endTime", Text(end.ToUnixTimeMilliseconds())), new("limit", Text(limit))];

    private static string Text(decimal value) => DecimalText.Format(value);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A failed call: the exception's message (endpoint, status, code, reason) and when it failed.</summary>
    public sealed record Failed(string Message, DateTimeOffset At);
}
