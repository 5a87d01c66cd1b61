using System.Text.Json;
using CsCheck;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Market;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Binance.Tests.Filters;

/// <summary>
/// Property: the bot's <see cref="OrderShaper"/>, fed the simulator's exchangeInfo through the bot's own
/// parser, only ever produces orders that pass the simulator's own filter checks (written separately,
/// from Binance's docs), never asks for more than was wanted or than the balance allows, and names
/// the filter and the numbers when it refuses.
/// </summary>
public sealed class ShapedOrdersPassSimulatorTests
{
    private static readonly List<(SymbolSpec Spec, SymbolRules Rules)> Symbols = SymbolCatalog.All
        .Select(spec => (spec, ParseRules(spec)))
        .ToList();

    private static readonly Gen<decimal> Quantity =
        Gen.Select(Gen.Long[0, 2_000_000_000L], Gen.Int[0, 12]).Select((mantissa, scale) => mantissa / Pow10(scale));

    [Fact]
    public void Shape_RandomOrders_EveryAcceptedOrderPassesTheSimulatorsChecks()
    {
        Gen.Select(Gen.Int[0, Symbols.Count - 1], Gen.Bool, Gen.Bool, Quantity, Quantity, Gen.Double[0.05, 7.0], Gen.Double[0.5, 1.5], Gen.Int[0, 205])
            .Sample(
                (index, buy, market, desired, balance, priceFactor, averageFactor, openOrders) =>
                {
                    var (spec, rules) = Symbols[index];
                    var average = decimal.Round(spec.BasePrice * (decimal)averageFactor, 8);
                    var side = buy ? OrderSide.Buy : OrderSide.Sell;
                    decimal? price = market ? null : decimal.Round(average * (decimal)priceFactor, 9);
                    var order = new ShapedOrder(spec.Symbol, side, market ? OrderType.Market : OrderType.Limit, desired, price);

                    var result = OrderShaper.Shape(rules, order, balance, new ShapingContext(average, openOrders));

                    if (result.Order is { } shaped)
                    {
                        var failure = FilterChecks.FirstFailure(spec, shaped.Quantity, shaped.Price, average, openOrders);
                        Assert.True(failure is null, $"{shaped} from {order} (avg {average}, balance {balance}, open {openOrders}) fails {failure}");
                        Assert.True(shaped.Quantity <= desired && shaped.Quantity <= balance && shaped.Quantity > 0);
                        if (price is { } asked)
                        {
                            Assert.True(buy ? shaped.Price <= asked : shaped.Price >= asked, $"{side} price moved against us: {asked} -> {shaped.Price}");
                        }
                    }
                    else
                    {
                        var rejection = result.Rejection!;
                        Assert.False(string.IsNullOrWhiteSpace(rejection.Filter));
                        Assert.Matches("[0-9]", rejection.Message);
                    }
                },
                iter: 20_000);
    }

    [Fact]
    public void Shape_RandomOrdersTheSimulatorAccepts_AreAcceptedUnchangedWhenAlreadyOnTheGrid()
    {
        // An order already on every step and inside every bound must come back as it was.
        Gen.Select(Gen.Int[0, Symbols.Count - 1], Gen.Int[1, 5000], Gen.Double[0.5, 1.5])
            .Sample(
                (index, steps, averageFactor) =>
                {
                    var (spec, rules) = Symbols[index];
                    var average = decimal.Round(spec.BasePrice * (decimal)averageFactor, 8);
                    var quantity = spec.StepSize * steps * Math.Max(1, decimal.Ceiling(spec.MinNotional * 2 / average / spec.StepSize / steps));
                    var order = new ShapedOrder(spec.Symbol, OrderSide.Buy, OrderType.Market, quantity, null);
                    if (FilterChecks.FirstFailure(spec, quantity, null, average, 0) is not null)
                    {
                        return;
                    }

                    var result = OrderShaper.Shape(rules, order, decimal.MaxValue / 1_000_000, new ShapingContext(average, 0));

                    Assert.True(result.IsAccepted, $"{order} at avg {average}: {result.Rejection}");
                    Assert.Equal(quantity, result.Order!.Quantity);
                },
                iter: 5_000);
    }

    private static SymbolRules ParseRules(SymbolSpec spec)
    {
        var json = JsonSerializer.Serialize(new { serverTime = 0, rateLimits = Array.Empty<object>(), symbols = new[] { FunctionsBot.Simulator.Api.Json.Symbol(spec, ocoAllowed: true, opoAllowed: true, status: "TRADING") } });
        using var document = JsonDocument.Parse(json);
        return ExchangeInfoParser.Parse(new JsonFields(document.RootElement, "exchangeInfo")).Symbols.Single();
    }

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < scale; i++)
        {
            result *= 10;
        }

        return result;
    }
}
