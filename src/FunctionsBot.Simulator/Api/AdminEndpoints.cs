using FunctionsBot.Simulator.Faults;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Simulator.Api;

/// <summary>
/// Test and operator endpoints: arm faults, skew the server clock, list every order and trade, set each book's
/// liquidity and the account's fee setting, and act on the account as a person would outside the bot
/// (a manual trade, a deposit or withdrawal).
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this WebApplication app)
    {
        app.MapPost("/admin/faults", (FaultSpec spec, FaultInjector faults) =>
        {
            faults.Arm(spec);
            return Results.Ok(spec);
        });
        app.MapDelete("/admin/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapPost("/admin/clock", (ClockRequest request, SimClock clock) =>
        {
            if (request.Speed is <= 0)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["speed"] = ["the market clock's speed must be above 0"] });
            }

            if (request.MarketTime is { } market)
            {
                if (market < clock.MarketNowMs)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["marketTime"] = [$"the market clock is at {clock.MarketNowMs} and never goes back"] });
                }

                clock.AdvanceTo(DateTimeOffset.FromUnixTimeMilliseconds(market));
            }

            clock.ServerSkew = request.ServerSkewMs is { } skew ? TimeSpan.FromMilliseconds(skew) : clock.ServerSkew;
            if (request.Speed is { } speed)
            {
                clock.SetSpeed(speed);
            }

            return Results.Ok(new { serverTime = clock.ServerNowMs, marketTime = clock.MarketNowMs, speed = clock.Speed });
        });
        app.MapGet("/admin/orders", (SimExchange exchange) => Results.Ok(exchange.AllOrders().Select(o => new
        {
            o.OrderId,
            o.Symbol,
            o.ClientOrderId,
            o.Side,
            o.Type,
            o.Status,
            price = Json.D(o.Price),
            executedQty = Json.D(o.ExecutedQty),
            cummulativeQuoteQty = Json.D(o.CummulativeQuoteQty),
            commission = Json.D(o.Fills.Sum(f => f.Commission)),
            commissionAsset = o.Fills.FirstOrDefault()?.CommissionAsset,
            fills = o.Fills.Count,
            o.IsWorking,
            o.OrderListId,
            workingSince = o.Status == "PENDING_NEW" ? 0 : o.WorkingSince ?? o.Time,
            lastFillTime = o.Fills.Count == 0 ? 0 : o.Fills.Max(f => f.Time),
        })));
        app.MapGet("/admin/trades", (SimExchange exchange) => Results.Ok(exchange.AllTrades().Select(t => new
        {
            t.Id,
            t.Symbol,
            t.OrderId,
            price = Json.D(t.Price),
            qty = Json.D(t.Qty),
            quoteQty = Json.D(t.QuoteQty),
            commission = Json.D(t.Commission),
            t.CommissionAsset,
            t.Time,
            t.MarketTime,
            t.IsBuyer,
            t.IsMaker,
        })));
        app.MapGet("/admin/balances", (SimExchange exchange) =>
            Results.Ok(exchange.Balances().Select(b => new { asset = b.Asset, free = Json.D(b.Free), locked = Json.D(b.Locked) })));
        app.MapGet("/admin/liquidity", (OrderBook book) => Results.Ok(new { all = book.Default, symbols = SymbolCatalog.All.ToDictionary(s => s.Symbol, s => book.For(s.Symbol)) }));
        app.MapPost("/admin/liquidity", (LiquidityRequest request, OrderBook book) =>
        {
            var current = request.Symbol is null ? book.Default : book.For(request.Symbol);
            var liquidity = new Liquidity(
                request.Levels ?? current.Levels, request.Spacing ?? current.Spacing, request.LevelQuote ?? current.LevelQuote, request.EmptyBookPercent ?? current.EmptyBookPercent);
            var problems = liquidity.Problems().ToList();
            if (request.Symbol is not null && SymbolCatalog.Find(request.Symbol) is null)
            {
                problems.Add($"symbol = {request.Symbol}: not a simulated symbol.");
            }

            if (problems.Count > 0)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["liquidity"] = [.. problems] });
            }

            book.Set(request.Symbol, liquidity);
            return Results.Ok(liquidity);
        });
        app.MapPost("/admin/halt", (HaltRequest request, SymbolHalts halts, SimClock clock) =>
        {
            if (SymbolCatalog.Find(request.Symbol) is not { } symbol || request.Status is not ("BREAK" or "HALT" or "END_OF_DAY" or "CANCEL_ONLY") || request.MarketMinutes <= 0)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["halt"] = ["a simulated symbol, a status of BREAK, HALT, END_OF_DAY or CANCEL_ONLY and marketMinutes above 0 are required"],
                });
            }

            var until = clock.MarketNow.AddMinutes(request.MarketMinutes);
            halts.Halt(symbol.Symbol, request.Status, clock.MarketNow, until);
            return Results.Ok(new { symbol = symbol.Symbol, status = request.Status, from = clock.MarketNow, until });
        });
        app.MapPost("/admin/account", (AccountRequest request, SimExchange exchange) =>
        {
            exchange.PayFeesWithBnb = request.PayFeesWithBnb;
            return Results.Ok(new { payFeesWithBnb = exchange.PayFeesWithBnb });
        });
        // The account holder regenerates the API key at the exchange (or edits its IP allow-list): from now on only the new
        // pair is accepted; a bot still signing with the old one meets -2015 or -1022 on every signed call.
        app.MapPost("/admin/keys", (KeysRequest request, IOptions<SimulatorOptions> options) =>
        {
            if (string.IsNullOrWhiteSpace(request.ApiKey) || string.IsNullOrWhiteSpace(request.ApiSecret) == string.IsNullOrWhiteSpace(request.PublicKey))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["keys"] = ["apiKey and either apiSecret (HMAC) or publicKey (Ed25519 or RSA PEM) must be given."] });
            }

            if (request.PublicKey is { Length: > 0 } publicKey && !PublicKeySignature.IsValid(publicKey))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["publicKey"] = ["not an Ed25519 or RSA (2048-4096 bit) public key in PEM form."] });
            }

            options.Value.ApiKey = request.ApiKey;
            options.Value.ApiSecret = request.ApiSecret ?? string.Empty;
            options.Value.ApiPublicKey = request.PublicKey ?? string.Empty;
            return Results.NoContent();
        });
        app.MapPost("/admin/transfer", (TransferRequest request, SimExchange exchange) =>
            Run(() => Results.Ok(new { asset = request.Asset, free = Json.D(exchange.Transfer(request.Asset, request.Amount)) })));
        app.MapPost("/admin/trade", (ManualTradeRequest request, SimExchange exchange) =>
            Run(() =>
            {
                if (request.Side is not ("BUY" or "SELL") || request.Quantity <= 0)
                {
                    throw SimError.BadRequest(-1100, "A manual trade needs side BUY or SELL and a positive quantity.");
                }

                var order = exchange.Place(new PlaceOrderRequest(request.Symbol, request.Side, "MARKET", request.Quantity, null, null, null, $"web_{Guid.NewGuid():N}"[..24]));
                return Results.Ok(Json.QueriedOrder(order));
            }));
        app.MapPost("/admin/shock", (ShockRequest request, SimExchange exchange, SimClock clock) =>
        {
            if (SymbolCatalog.Find(request.Symbol) is not { } symbol || request.Percent <= -100)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["shock"] = ["a simulated symbol and a percent above -100 are required"] });
            }

            PricePath.Shock(symbol.Symbol, clock.MarketNow, 1 + (request.Percent / 100m));
            return Results.Ok(new { symbol = symbol.Symbol, price = Json.D(exchange.Price(symbol)), from = clock.MarketNow });
        });
        app.MapGet("/admin/stats", (SimExchange exchange, SimClock clock, RequestWeights weights) => Results.Ok(new
        {
            orders = exchange.AllOrders().Count,
            weight = weights.Total,
            peakMinuteWeight = weights.PeakMinute,
            rateLimited = weights.RateLimited,
            byEndpoint = weights.ByEndpoint.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => new { calls = e.Value.Calls, weight = e.Value.Weight }),
            duplicateAttempts = exchange.DuplicateAttempts,
            marketTime = clock.MarketNow,
            speed = clock.Speed,
        }));
    }

    private static IResult Run(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (SimError error)
        {
            return Results.Json(new { code = error.Code, msg = error.Message }, statusCode: error.Status);
        }
    }

    internal sealed record ClockRequest(long? ServerSkewMs, double? Speed, long? MarketTime = null);

    internal sealed record LiquidityRequest(string? Symbol, int? Levels, decimal? Spacing, decimal? LevelQuote, double? EmptyBookPercent);

    internal sealed record AccountRequest(bool PayFeesWithBnb);

    internal sealed record TransferRequest(string Asset, decimal Amount);

    internal sealed record KeysRequest(string ApiKey, string? ApiSecret, string? PublicKey);

    internal sealed record ManualTradeRequest(string Symbol, string Side, decimal Quantity);

    internal sealed record ShockRequest(string Symbol, decimal Percent);

    internal sealed record HaltRequest(string Symbol, string Status, double MarketMinutes);
}
