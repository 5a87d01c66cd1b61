using FunctionsBot.Simulator.Faults;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Simulator.Api;

/// <summary>Test and operator endpoints: arm faults, skew the server clock, list every order.</summary>
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
            clock.ServerSkew = TimeSpan.FromMilliseconds(request.ServerSkewMs);
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
            executedQty = Json.D(o.ExecutedQty),
            cummulativeQuoteQty = Json.D(o.CummulativeQuoteQty),
            commission = Json.D(o.Fills.Sum(f => f.Commission)),
            commissionAsset = o.Fills.FirstOrDefault()?.CommissionAsset,
        })));
        app.MapGet("/admin/stats", (SimExchange exchange, SimClock clock) => Results.Ok(new
        {
            orders = exchange.AllOrders().Count,
            duplicateAttempts = exchange.DuplicateAttempts,
            marketTime = clock.MarketNow,
            speed = clock.Speed,
        }));
    }

    internal sealed record ClockRequest(long ServerSkewMs);
}
