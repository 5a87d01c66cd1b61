using System.Globalization;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Simulator.Api;

/// <summary>Binance's JSON shapes: decimals as 8-place strings, ids and times as numbers.</summary>
internal static class Json
{
    public static string D(decimal value) => value.ToString("0.00000000", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Order(SimOrder o, string responseType, long transactTime)
    {
        var body = new Dictionary<string, object?>
        {
            ["symbol"] = o.Symbol,
            ["orderId"] = o.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = o.ClientOrderId,
            ["transactTime"] = transactTime,
        };
        if (responseType == "ACK")
        {
            return body;
        }

        body["price"] = D(o.Price);
        body["origQty"] = D(o.OrigQty);
        body["executedQty"] = D(o.ExecutedQty);
        body["origQuoteOrderQty"] = D(o.OrigQuoteOrderQty);
        body["cummulativeQuoteQty"] = D(o.CummulativeQuoteQty);
        body["status"] = o.Status;
        body["timeInForce"] = o.TimeInForce;
        body["type"] = o.Type;
        body["side"] = o.Side;
        body["workingTime"] = o.Time;
        body["selfTradePreventionMode"] = "EXPIRE_MAKER";
        if (responseType == "FULL")
        {
            body["fills"] = o.Fills.Select(f => new Dictionary<string, object?>
            {
                ["price"] = D(f.Price),
                ["qty"] = D(f.Qty),
                ["commission"] = D(f.Commission),
                ["commissionAsset"] = f.CommissionAsset,
                ["tradeId"] = f.Id,
            }).ToList();
        }

        return body;
    }

    public static Dictionary<string, object?> QueriedOrder(SimOrder o) => new()
    {
        ["symbol"] = o.Symbol,
        ["orderId"] = o.OrderId,
        ["orderListId"] = o.OrderListId,
        ["clientOrderId"] = o.ClientOrderId,
        ["price"] = D(o.Price),
        ["origQty"] = D(o.OrigQty),
        ["executedQty"] = D(o.ExecutedQty),
        ["cummulativeQuoteQty"] = D(o.CummulativeQuoteQty),
        ["status"] = o.Status,
        ["timeInForce"] = o.TimeInForce,
        ["type"] = o.Type,
        ["side"] = o.Side,
        ["stopPrice"] = D(o.StopPrice),
        ["icebergQty"] = D(0),
        ["time"] = o.Time,
        ["updateTime"] = o.UpdateTime,
        ["isWorking"] = o.IsWorking && o.Status != "PENDING_NEW",
        ["workingTime"] = o.IsWorking && o.Status != "PENDING_NEW" ? o.Time : -1,
        ["origQuoteOrderQty"] = D(o.OrigQuoteOrderQty),
        ["selfTradePreventionMode"] = "EXPIRE_MAKER",
    };

    /// <summary>An order list: ids, statuses, its legs as ids, and with <paramref name="reports"/> each leg as an order.</summary>
    public static Dictionary<string, object?> OrderList(SimOrderList list, bool reports, long transactionTime)
    {
        var body = new Dictionary<string, object?>
        {
            ["orderListId"] = list.OrderListId,
            ["contingencyType"] = list.ContingencyType,
            ["listStatusType"] = list.IsOpen ? "EXEC_STARTED" : "ALL_DONE",
            ["listOrderStatus"] = list.IsOpen ? "EXECUTING" : "ALL_DONE",
            ["listClientOrderId"] = list.ListClientOrderId,
            ["transactionTime"] = transactionTime,
            ["symbol"] = list.Symbol,
            ["orders"] = list.Legs.Select(l => new Dictionary<string, object?> { ["symbol"] = l.Symbol, ["orderId"] = l.OrderId, ["clientOrderId"] = l.ClientOrderId }).ToList(),
        };
        if (reports)
        {
            body["orderReports"] = list.Legs.Select(l =>
            {
                var report = QueriedOrder(l);
                report["transactTime"] = transactionTime;
                return report;
            }).ToList();
        }

        return body;
    }

    public static Dictionary<string, object?> Trade(SimTrade t) => new()
    {
        ["symbol"] = t.Symbol,
        ["id"] = t.Id,
        ["orderId"] = t.OrderId,
        ["orderListId"] = -1,
        ["price"] = D(t.Price),
        ["qty"] = D(t.Qty),
        ["quoteQty"] = D(t.QuoteQty),
        ["commission"] = D(t.Commission),
        ["commissionAsset"] = t.CommissionAsset,
        ["time"] = t.Time,
        ["isBuyer"] = t.IsBuyer,
        ["isMaker"] = t.IsMaker,
        ["isBestMatch"] = true,
    };

    public static Dictionary<string, object?> Symbol(SymbolSpec s, bool ocoAllowed, bool opoAllowed, string status)
    {
        var filters = new List<Dictionary<string, object?>>
        {
            new() { ["filterType"] = "PRICE_FILTER", ["minPrice"] = D(s.MinPrice), ["maxPrice"] = D(s.MaxPrice), ["tickSize"] = D(s.TickSize) },
            new() { ["filterType"] = "LOT_SIZE", ["minQty"] = D(s.MinQty), ["maxQty"] = D(s.MaxQty), ["stepSize"] = D(s.StepSize) },
            new() { ["filterType"] = "ICEBERG_PARTS", ["limit"] = 10 },
            new() { ["filterType"] = "MARKET_LOT_SIZE", ["minQty"] = D(0), ["maxQty"] = D(s.MarketMaxQty), ["stepSize"] = D(0) },
            new() { ["filterType"] = "TRAILING_DELTA", ["minTrailingAboveDelta"] = 10, ["maxTrailingAboveDelta"] = 2000, ["minTrailingBelowDelta"] = 10, ["maxTrailingBelowDelta"] = 2000 },
            new()
            {
                ["filterType"] = "PERCENT_PRICE_BY_SIDE",
                ["bidMultiplierUp"] = D(SymbolSpec.MultiplierUp), ["bidMultiplierDown"] = D(SymbolSpec.MultiplierDown),
                ["askMultiplierUp"] = D(SymbolSpec.MultiplierUp), ["askMultiplierDown"] = D(SymbolSpec.MultiplierDown),
                ["avgPriceMins"] = SymbolSpec.AvgPriceMins,
            },
            new()
            {
                ["filterType"] = "NOTIONAL", ["minNotional"] = D(s.MinNotional), ["applyMinToMarket"] = true,
                ["maxNotional"] = D(s.MaxNotional), ["applyMaxToMarket"] = false, ["avgPriceMins"] = SymbolSpec.AvgPriceMins,
            },
            new() { ["filterType"] = "MAX_NUM_ORDERS", ["maxNumOrders"] = s.MaxNumOrders },
            new() { ["filterType"] = "MAX_NUM_ALGO_ORDERS", ["maxNumAlgoOrders"] = SymbolSpec.MaxNumAlgoOrders },
            new() { ["filterType"] = "MAX_NUM_ORDER_LISTS", ["maxNumOrderLists"] = SymbolSpec.MaxNumOrderLists },
        };
        if (s.LegacyMinNotional is { } legacy)
        {
            filters.Add(new() { ["filterType"] = "MIN_NOTIONAL", ["minNotional"] = D(legacy), ["applyToMarket"] = true, ["avgPriceMins"] = SymbolSpec.AvgPriceMins });
        }

        return new Dictionary<string, object?>
        {
            ["symbol"] = s.Symbol,
            ["status"] = status,
            ["baseAsset"] = s.BaseAsset,
            ["baseAssetPrecision"] = SymbolSpec.AssetPrecision,
            ["quoteAsset"] = s.QuoteAsset,
            ["quotePrecision"] = SymbolSpec.AssetPrecision,
            ["quoteAssetPrecision"] = SymbolSpec.AssetPrecision,
            ["baseCommissionPrecision"] = 8,
            ["quoteCommissionPrecision"] = 8,
            ["orderTypes"] = new[] { "LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT" },
            ["icebergAllowed"] = true,
            ["ocoAllowed"] = ocoAllowed,
            ["otoAllowed"] = true,
            ["opoAllowed"] = opoAllowed,
            ["quoteOrderQtyMarketAllowed"] = true,
            ["allowTrailingStop"] = true,
            ["cancelReplaceAllowed"] = true,
            ["isSpotTradingAllowed"] = true,
            ["isMarginTradingAllowed"] = false,
            ["filters"] = filters,
            ["permissions"] = Array.Empty<string>(),
            ["permissionSets"] = new[] { new[] { "SPOT" } },
            ["defaultSelfTradePreventionMode"] = "EXPIRE_MAKER",
            ["allowedSelfTradePreventionModes"] = new[] { "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH" },
        };
    }
}
