using System.Text.Json;
using FunctionsBot.Simulator.Faults;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Simulator.Api;

/// <summary>The Binance Spot REST subset the bot uses, with Binance's weights, checks and error shapes.</summary>
internal static class SimulatorEndpoints
{
    private static readonly string[] SpotPermissions = ["SPOT"];

    public static void MapBinanceApi(this WebApplication app)
    {
        app.MapGet("/api/v3/ping", (HttpContext c) => Handle(c, 1, false, _ => new Dictionary<string, object?>()));
        app.MapGet("/api/v3/time", (HttpContext c, SimClock clock) => Handle(c, 1, false, _ => new { serverTime = clock.ServerNowMs }));
        app.MapGet("/api/v3/exchangeInfo", (HttpContext c, SimClock clock, SimExchange exchange, IOptions<SimulatorOptions> options) => Handle(c, 20, false, p => new
        {
            timezone = "UTC",
            serverTime = clock.ServerNowMs,
            rateLimits = new object[]
            {
                new { rateLimitType = "REQUEST_WEIGHT", interval = "MINUTE", intervalNum = 1, limit = 6000 },
                new { rateLimitType = "ORDERS", interval = "SECOND", intervalNum = 10, limit = 100 },
                new { rateLimitType = "ORDERS", interval = "DAY", intervalNum = 1, limit = 200000 },
                new { rateLimitType = "RAW_REQUESTS", interval = "MINUTE", intervalNum = 5, limit = 300000 },
            },
            exchangeFilters = Array.Empty<object>(),
            symbols = SelectSymbols(p).Select(s => Json.Symbol(s, options.Value.AllowsOco(s.Symbol), options.Value.AllowsOpo(s.Symbol), exchange.Status(s))).ToList(),
        }));
        app.MapGet("/api/v3/ticker/price", (HttpContext c, SimExchange exchange) =>
            Handle(c, c.Request.Query.ContainsKey("symbol") ? 2 : 4, false, p =>
                p.Text("symbol") is not null
                    ? Ticker(SelectSymbols(p)[0], exchange)
                    : SelectSymbols(p).Select(s => Ticker(s, exchange)).ToList()));
        app.MapGet("/api/v3/ticker/bookTicker", (HttpContext c, SimExchange exchange) =>
            Handle(c, c.Request.Query.ContainsKey("symbol") ? 2 : 4, false, p =>
                p.Text("symbol") is not null
                    ? BookTicker(SelectSymbols(p)[0], exchange)
                    : SelectSymbols(p).Select(s => BookTicker(s, exchange)).ToList()));
        app.MapGet("/api/v3/avgPrice", (HttpContext c, SimExchange exchange, SimClock clock) => Handle(c, 2, false, p => new
        {
            mins = SymbolSpec.AvgPriceMins,
            price = Json.D(exchange.AveragePrice(Symbol(p))),
            closeTime = clock.MarketNowMs,
        }));
        app.MapGet("/api/v3/klines", (HttpContext c, SimClock clock) => Handle(c, 2, false, p =>
        {
            var limit = (int)(p.Long("limit") ?? 500);
            if (limit is < 1 or > 1000)
            {
                throw SimError.BadRequest(-1130, "Invalid data sent for a parameter.");
            }

            return Klines.Build(Symbol(p), Klines.Parse(p.Required("interval")), clock.MarketNow, p.Long("startTime"), p.Long("endTime"), limit);
        }));
        app.MapGet("/api/v3/account", (HttpContext c, SimExchange exchange, SimClock clock, IOptions<SimulatorOptions> options) => Handle(c, 20, true, p => new
        {
            makerCommission = 10,
            takerCommission = 10,
            buyerCommission = 0,
            sellerCommission = 0,
            commissionRates = new { maker = Json.D(options.Value.CommissionRate), taker = Json.D(options.Value.CommissionRate), buyer = "0.00000000", seller = "0.00000000" },
            canTrade = true,
            canWithdraw = true,
            canDeposit = true,
            brokered = false,
            requireSelfTradePrevention = false,
            preventSor = false,
            updateTime = clock.MarketNowMs,
            accountType = "SPOT",
            balances = exchange.Balances()
                .Where(b => p.Text("omitZeroBalances") != "true" || b.Free != 0 || b.Locked != 0)
                .Select(b => new { asset = b.Asset, free = Json.D(b.Free), locked = Json.D(b.Locked) }).ToList(),
            permissions = SpotPermissions,
            uid = 354937868,
        }));
        app.MapPost("/api/v3/order", PlaceAsync);
        app.MapGet("/api/v3/order", (HttpContext c, SimExchange exchange) => Handle(c, 4, true, p =>
        {
            var (orderId, clientId) = OrderKey(p, "origClientOrderId");
            return Json.QueriedOrder(exchange.Find(Symbol(p).Symbol, orderId, clientId, honourHiding: true));
        }));
        app.MapDelete("/api/v3/order", (HttpContext c, SimExchange exchange, SimClock clock) => Handle(c, 1, true, p =>
        {
            var (orderId, clientId) = OrderKey(p, "origClientOrderId");
            var order = exchange.Cancel(Symbol(p).Symbol, orderId, clientId);
            var body = Json.QueriedOrder(order);
            body["origClientOrderId"] = order.ClientOrderId;
            body["clientOrderId"] = p.Text("newClientOrderId") ?? $"cancel{order.OrderId}";
            body["transactTime"] = clock.ServerNowMs;
            return body;
        }, chargedOnFailureOnly: true));
        app.MapGet("/api/v3/openOrders", (HttpContext c, SimExchange exchange) =>
            Handle(c, c.Request.Query.ContainsKey("symbol") ? 6 : 80, true, p =>
                exchange.OpenOrders(p.Text("symbol") is null ? null : Symbol(p).Symbol).Select(Json.QueriedOrder).ToList()));
        app.MapGet("/api/v3/myTrades", (HttpContext c, SimExchange exchange) =>
            Handle(c, c.Request.Query.ContainsKey("orderId") ? 5 : 20, true, p =>
            {
                var (start, end, limit) = Window(p);
                var fromId = p.Long("fromId");
                if (fromId is not null && (start is not null || end is not null))
                {
                    throw SimError.BadRequest(-1128, "Combination of optional parameters invalid. Recommendation: 'fromId' cannot be sent with 'startTime' or 'endTime'.");
                }

                return exchange.Trades(Symbol(p).Symbol, p.Long("orderId"), fromId, start, end, limit).Select(Json.Trade).ToList();
            }));
        app.MapPost("/api/v3/orderList/oco", PlaceOcoAsync);
        app.MapPost("/api/v3/orderList/opoco", PlaceOpocoAsync);
        app.MapGet("/api/v3/orderList", (HttpContext c, SimExchange exchange) => Handle(c, 4, true, p =>
        {
            var (listId, clientId) = OrderKey(p, "origClientOrderId", "orderListId");
            var list = exchange.FindList(listId, clientId, honourHiding: true);
            return Json.OrderList(list, reports: false, list.TransactionTime);
        }));
        app.MapDelete("/api/v3/orderList", (HttpContext c, SimExchange exchange, SimClock clock) => Handle(c, 1, true, p =>
        {
            var (listId, clientId) = OrderKey(p, "listClientOrderId", "orderListId");
            return Json.OrderList(exchange.CancelList(Symbol(p).Symbol, listId, clientId), reports: true, clock.ServerNowMs);
        }, chargedOnFailureOnly: true));
        app.MapGet("/api/v3/openOrderList", (HttpContext c, SimExchange exchange, FaultInjector faults) => Handle(c, 6, true, _ =>
            faults.Take(FaultKind.OpenListLag, c.Request) is null
                ? exchange.OpenLists().Select(l => Json.OrderList(l, reports: false, l.TransactionTime)).ToList()
                : []));
        app.MapGet("/api/v3/allOrders", (HttpContext c, SimExchange exchange) => Handle(c, 20, true, p =>
        {
            var (start, end, limit) = Window(p);
            return exchange.Orders(Symbol(p).Symbol, p.Long("orderId"), start, end, limit).Select(Json.QueriedOrder).ToList();
        }));
    }

    private static Task PlaceAsync(HttpContext context, SimExchange exchange, SimClock clock, FaultInjector faults, RequestWeights weights, TimeProvider time) =>
        Handle(context, 1, true, p =>
        {
            var symbol = Symbol(p);
            var side = p.Required("side");
            var type = p.Required("type");
            if (side is not ("BUY" or "SELL"))
            {
                throw SimError.BadRequest(-1100, "Illegal characters found in parameter 'side'; legal range is 'BUY, SELL'.");
            }

            if (type is not ("MARKET" or "LIMIT"))
            {
                throw SimError.BadRequest(-1116, "Invalid orderType.");
            }

            var clientId = p.Text("newClientOrderId") ?? $"sim{Guid.NewGuid():N}"[..22];
            if (!System.Text.RegularExpressions.Regex.IsMatch(clientId, "^[a-zA-Z0-9-_]{1,36}$"))
            {
                throw SimError.BadRequest(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
            }

            var quantity = p.Decimal("quantity");
            var quoteQty = p.Decimal("quoteOrderQty");
            var price = p.Decimal("price");
            if (type == "LIMIT" && (quantity is null || price is null || p.Text("timeInForce") is null))
            {
                throw SimError.BadRequest(-1102, "Mandatory parameter 'quantity', 'price' or 'timeInForce' was not sent, was empty/null, or malformed.");
            }

            if (type == "MARKET" && (quantity is null) == (quoteQty is null))
            {
                throw SimError.BadRequest(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
            }

            var order = Placement(
                context, faults, weights, time, () => exchange.Place(new PlaceOrderRequest(symbol.Symbol, side, type, quantity, quoteQty, price, p.Text("timeInForce"), clientId)), o => [o]);
            return Json.Order(order, p.Text("newOrderRespType") ?? "FULL", clock.ServerNowMs);
        }, chargedOnFailureOnly: true);

    /// <param name="context">The request.</param>
    /// <param name="weight">Its documented request weight.</param>
    /// <param name="signed">SIGNED (TRADE / USER_DATA): key, signature and timestamp checked.</param>
    /// <param name="action">What it does.</param>
    /// <param name="chargedOnFailureOnly">
    /// An order, cancel or order-list request: since 2026-04-02 it costs weight 0 when it succeeds and its documented weight when it fails.
    /// </param>
    private static async Task Handle(HttpContext context, int weight, bool signed, Func<Parameters, object> action, bool chargedOnFailureOnly = false)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        var faults = services.GetRequiredService<FaultInjector>();
        var time = services.GetRequiredService<TimeProvider>();
        var latency = options.LatencyMs + (faults.Take(FaultKind.Latency, context.Request)?.LatencyMs ?? 0);
        if (latency > 0)
        {
            // Like a real exchange, a request that has arrived is processed even if the client gives up waiting.
            await Task.Delay(TimeSpan.FromMilliseconds(latency), time, CancellationToken.None);
        }

        var weights = services.GetRequiredService<RequestWeights>();
        var endpoint = $"{context.Request.Method} {context.Request.Path}";
        var used = weights.Add(chargedOnFailureOnly ? 0 : weight, endpoint);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (faults.Take(FaultKind.Ban, context.Request) is { } ban)
            {
                context.Response.Headers.RetryAfter = ban.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new SimError(418, -1003, $"Way too much request weight used; IP banned until {time.GetUtcNow().AddSeconds(ban.RetryAfterSeconds).ToUnixTimeMilliseconds()}. Please use WebSocket Streams for live updates to avoid bans.");
            }

            var limit = faults.Take(FaultKind.RateLimit, context.Request);
            if (limit is not null || used > options.WeightLimitPerMinute)
            {
                services.GetRequiredService<RequestWeights>().CountRateLimited();
                context.Response.Headers.RetryAfter = (limit?.RetryAfterSeconds ?? 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new SimError(429, -1003, $"Too much request weight used; current limit is {options.WeightLimitPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(CancellationToken.None);
            var parameters = Parameters.From(context.Request, body);
            if (signed)
            {
                SignedRequest.Verify(context.Request, body, parameters.Values, options, services.GetRequiredService<SimClock>());
                if (faults.Take(FaultKind.InvalidTimestamp, context.Request) is not null)
                {
                    throw SimError.BadRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
                }
            }

            var result = action(parameters);
            if (faults.Take(FaultKind.Reshape, context.Request) is { Body: { } reshaped })
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(reshaped, context.RequestAborted);
                return;
            }

            await context.Response.WriteAsJsonAsync(result, context.RequestAborted);
        }
        catch (SimError error) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (chargedOnFailureOnly)
            {
                context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = weights.Charge(weight, endpoint).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.StatusCode = error.Status;
            await context.Response.WriteAsJsonAsync(new { code = error.Code, msg = error.Message }, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; what executed stays executed.
        }
    }

    /// <summary>startTime / endTime (at most 24 hours apart, -1127) and limit (1 to 1000, default 500) of the history endpoints.</summary>
    private static (long? Start, long? End, int Limit) Window(Parameters p)
    {
        var start = p.Long("startTime");
        var end = p.Long("endTime");
        if (start is not null && end is not null && (end < start || end - start > (long)TimeSpan.FromHours(24).TotalMilliseconds))
        {
            throw SimError.BadRequest(-1127, "More than 24 hours between startTime and endTime.");
        }

        var limit = p.Long("limit") ?? 500;
        return limit is < 1 or > 1000
            ? throw SimError.BadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.")
            : (start, end, (int)limit);
    }

    private static SymbolSpec Symbol(Parameters p) => SymbolCatalog.Find(p.Required("symbol")) ?? throw SimError.BadRequest(-1121, "Invalid symbol.");

    private static List<SymbolSpec> SelectSymbols(Parameters p)
    {
        if (p.Text("symbol") is not null)
        {
            return [Symbol(p)];
        }

        if (p.Text("symbols") is { } list)
        {
            string[] names;
            try
            {
                names = JsonSerializer.Deserialize<string[]>(list) ?? [];
            }
            catch (JsonException)
            {
                throw SimError.BadRequest(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
            }

            return names.Select(n => SymbolCatalog.Find(n) ?? throw SimError.BadRequest(-1121, "Invalid symbol.")).ToList();
        }

        return SymbolCatalog.All.ToList();
    }

    private static object Ticker(SymbolSpec s, SimExchange exchange) => new { symbol = s.Symbol, price = Json.D(exchange.Price(s)) };

    private static object BookTicker(SymbolSpec s, SimExchange exchange)
    {
        var (bid, ask) = exchange.BestBidAsk(s);
        return new { symbol = s.Symbol, bidPrice = Json.D(bid.Price), bidQty = Json.D(bid.Quantity), askPrice = Json.D(ask.Price), askQty = Json.D(ask.Quantity) };
    }

    private static (long? OrderId, string? ClientId) OrderKey(Parameters p, string clientKey, string idKey = "orderId")
    {
        var orderId = p.Long(idKey);
        var clientId = p.Text(clientKey);
        return orderId is null && clientId is null
            ? throw SimError.BadRequest(-1102, $"Param '{clientKey}' or '{idKey}' must be sent, but both were empty/null!")
            : (orderId, clientId);
    }

    /// <summary>POST /api/v3/orderList/oco, weight 1, two orders toward the order counts; faults as for a single order.</summary>
    private static Task PlaceOcoAsync(HttpContext context, SimExchange exchange, SimClock clock, FaultInjector faults, RequestWeights weights, TimeProvider time) =>
        Handle(context, 1, true, p =>
        {
            var quantity = p.Decimal("quantity") ?? throw SimError.BadRequest(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
            var listClientId = p.Text("listClientOrderId") ?? $"sim{Guid.NewGuid():N}"[..22];
            foreach (var id in new[] { listClientId, p.Text("aboveClientOrderId"), p.Text("belowClientOrderId") }.OfType<string>())
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-zA-Z0-9-_]{1,36}$"))
                {
                    throw SimError.BadRequest(-1100, "Illegal characters found in a client order id; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
                }
            }

            var list = Placement(
                context,
                faults,
                weights,
                time,
                () => exchange.PlaceOco(new PlaceOcoRequest(
                    Symbol(p).Symbol, p.Required("side"), quantity, listClientId,
                    p.Required("aboveType"), p.Decimal("abovePrice"), p.Decimal("aboveStopPrice"), p.Text("aboveClientOrderId"),
                    p.Required("belowType"), p.Decimal("belowPrice"), p.Decimal("belowStopPrice"), p.Text("belowTimeInForce"), p.Text("belowClientOrderId"))),
                l => l.Legs);
            return Json.OrderList(list, reports: true, clock.ServerNowMs);
        }, chargedOnFailureOnly: true);

    /// <summary>POST /api/v3/orderList/opoco, weight 1 (0 when it succeeds), three orders toward the order counts; faults as for a single order.</summary>
    private static Task PlaceOpocoAsync(HttpContext context, SimExchange exchange, SimClock clock, FaultInjector faults, RequestWeights weights, TimeProvider time) =>
        Handle(context, 1, true, p =>
        {
            var listClientId = p.Text("listClientOrderId") ?? $"sim{Guid.NewGuid():N}"[..22];
            string Id(string name) => p.Text(name) ?? $"sim{Guid.NewGuid():N}"[..22];
            var request = new PlaceOpocoRequest(
                Symbol(p).Symbol, listClientId,
                p.Required("workingType"), p.Required("workingSide"),
                p.Decimal("workingPrice") ?? throw SimError.BadRequest(-1102, "Mandatory parameter 'workingPrice' was not sent, was empty/null, or malformed."),
                p.Decimal("workingQuantity") ?? throw SimError.BadRequest(-1102, "Mandatory parameter 'workingQuantity' was not sent, was empty/null, or malformed."),
                p.Text("workingTimeInForce") ?? "GTC", Id("workingClientOrderId"),
                p.Required("pendingSide"), p.Required("pendingAboveType"), p.Decimal("pendingAbovePrice"), Id("pendingAboveClientOrderId"),
                p.Text("pendingBelowType"), p.Decimal("pendingBelowPrice"), p.Decimal("pendingBelowStopPrice"), p.Text("pendingBelowTimeInForce"), Id("pendingBelowClientOrderId"));
            foreach (var id in new[] { listClientId, request.WorkingClientOrderId, request.PendingAboveClientOrderId, request.PendingBelowClientOrderId })
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-zA-Z0-9-_]{1,36}$"))
                {
                    throw SimError.BadRequest(-1100, "Illegal characters found in a client order id; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
                }
            }

            var list = Placement(context, faults, weights, time, () => exchange.PlaceOpoco(request), l => l.Legs);
            return Json.OrderList(list, reports: true, clock.ServerNowMs);
        }, chargedOnFailureOnly: true);

    /// <summary>
    /// A placement as the matching engine sees it, with the faults armed for it: a 5xx before (nothing placed), the
    /// unfilled order counts (one per order placed), a 5xx after (placed, outcome unknown to the client), and a window
    /// in which the new orders answer "does not exist".
    /// </summary>
    private static T Placement<T>(HttpContext context, FaultInjector faults, RequestWeights weights, TimeProvider time, Func<T> place, Func<T, IReadOnlyList<SimOrder>> orders)
    {
        if (faults.Take(FaultKind.ServerErrorBeforePlace, context.Request) is { } before)
        {
            throw new SimError(before.Status, -1001, "Internal error; unable to process your request. Please try again.");
        }

        var placed = place();
        var counts = (TenSeconds: 0, Day: 0);
        foreach (var _ in orders(placed))
        {
            counts = weights.CountOrder();
        }

        context.Response.Headers["X-MBX-ORDER-COUNT-10S"] = counts.TenSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-MBX-ORDER-COUNT-1D"] = counts.Day.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (faults.Take(FaultKind.OrderNotFound, context.Request) is { } hidden)
        {
            foreach (var order in orders(placed))
            {
                order.HiddenUntil = time.GetUtcNow().AddMilliseconds(hidden.DurationMs);
            }
        }

        if (faults.Take(FaultKind.ServerErrorAfterPlace, context.Request) is { } after)
        {
            throw new SimError(after.Status, -1001, "Internal error; unable to process your request. Please try again.");
        }

        return placed;
    }
}
