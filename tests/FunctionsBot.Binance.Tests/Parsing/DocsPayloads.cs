namespace FunctionsBot.Binance.Tests.Parsing;

/// <summary>Response examples from Binance's rest-api.md and filters.md, as data.</summary>
internal static class DocsPayloads
{
    public const string Klines = """
        [
          [1499040000000, "0.01634790", "0.80000000", "0.01575800", "0.01577100", "148976.11427815", 1499644799999, "2434.19055334", 308, "1756.87402397", "28.46694368", "0"]
        ]
        """;

    public const string TickerMany = """[{"symbol": "LTCBTC", "price": "4.00000200"}, {"symbol": "ETHBTC", "price": "0.07946600"}]""";

    public const string AvgPrice = """{"mins": 5, "price": "9.35751834", "closeTime": 1694061154503}""";

    public const string OrderAck = """{"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "6gCrw2kRUAF9CvJDGP16IP", "transactTime": 1507725176595}""";

    public const string OrderResult = """
        {"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "6gCrw2kRUAF9CvJDGP16IP", "transactTime": 1507725176595,
         "price": "0.00000000", "origQty": "10.00000000", "executedQty": "10.00000000", "origQuoteOrderQty": "0.000000",
         "cummulativeQuoteQty": "10.00000000", "status": "FILLED", "timeInForce": "GTC", "type": "MARKET", "side": "SELL",
         "workingTime": 1507725176595, "selfTradePreventionMode": "NONE"}
        """;

    public const string OrderFull = """
        {"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "6gCrw2kRUAF9CvJDGP16IP", "transactTime": 1507725176595,
         "price": "0.00000000", "origQty": "10.00000000", "executedQty": "10.00000000", "origQuoteOrderQty": "0.000000",
         "cummulativeQuoteQty": "10.00000000", "status": "FILLED", "timeInForce": "GTC", "type": "MARKET", "side": "SELL",
         "workingTime": 1507725176595, "selfTradePreventionMode": "NONE",
         "fills": [
           {"price": "4000.00000000", "qty": "1.00000000", "commission": "4.00000000", "commissionAsset": "USDT", "tradeId": 56},
           {"price": "3999.00000000", "qty": "5.00000000", "commission": "19.99500000", "commissionAsset": "USDT", "tradeId": 57},
           {"price": "3998.00000000", "qty": "2.00000000", "commission": "7.99600000", "commissionAsset": "USDT", "tradeId": 58},
           {"price": "3997.00000000", "qty": "1.00000000", "commission": "3.99700000", "commissionAsset": "USDT", "tradeId": 59},
           {"price": "3995.00000000", "qty": "1.00000000", "commission": "3.99500000", "commissionAsset": "USDT", "tradeId": 60}
         ]}
        """;

    public const string QueryOrder = """
        {"symbol": "LTCBTC", "orderId": 1, "orderListId": -1, "clientOrderId": "myOrder1", "price": "0.1", "origQty": "1.0", "executedQty": "0.0",
         "cummulativeQuoteQty": "0.0", "status": "NEW", "timeInForce": "GTC", "type": "LIMIT", "side": "BUY", "stopPrice": "0.0",
         "icebergQty": "0.0", "time": 1499827319559, "updateTime": 1499827319559, "isWorking": true, "workingTime": 1499827319559,
         "origQuoteOrderQty": "0.000000", "selfTradePreventionMode": "NONE"}
        """;

    public const string CancelOrder = """
        {"symbol": "LTCBTC", "origClientOrderId": "myOrder1", "orderId": 4, "orderListId": -1, "clientOrderId": "cancelMyOrder1",
         "transactTime": 1684804350068, "price": "2.00000000", "origQty": "1.00000000", "executedQty": "0.00000000",
         "cummulativeQuoteQty": "0.00000000", "status": "CANCELED", "timeInForce": "GTC", "type": "LIMIT", "side": "BUY",
         "selfTradePreventionMode": "NONE"}
        """;

    public const string Account = """
        {"makerCommission": 15, "takerCommission": 15, "buyerCommission": 0, "sellerCommission": 0,
         "commissionRates": {"maker": "0.00150000", "taker": "0.00150000", "buyer": "0.00000000", "seller": "0.00000000"},
         "canTrade": true, "canWithdraw": true, "canDeposit": true, "brokered": false, "requireSelfTradePrevention": false,
         "preventSor": false, "updateTime": 123456789, "accountType": "SPOT",
         "balances": [{"asset": "BTC", "free": "4723846.89208129", "locked": "0.00000000"}, {"asset": "LTC", "free": "4763368.68006011", "locked": "0.00000000"}],
         "permissions": ["SPOT"], "uid": 354937868}
        """;

    public const string ExchangeInfo = """
        {"timezone": "UTC", "serverTime": 1565246363776,
         "rateLimits": [
           {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
           {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 50},
           {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 300000}],
         "exchangeFilters": [],
         "symbols": [
           {"symbol": "ETHBTC", "status": "TRADING", "baseAsset": "ETH", "baseAssetPrecision": 8, "quoteAsset": "BTC", "quotePrecision": 8,
            "quoteAssetPrecision": 8, "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET"], "icebergAllowed": true, "ocoAllowed": true, "otoAllowed": true, "opoAllowed": true,
            "quoteOrderQtyMarketAllowed": true, "isSpotTradingAllowed": true, "isMarginTradingAllowed": true,
            "filters": [
              {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
              {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"},
              {"filterType": "ICEBERG_PARTS", "limit": 10},
              {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": "1000.00000000", "stepSize": "0.00000000"},
              {"filterType": "TRAILING_DELTA", "minTrailingAboveDelta": 10, "maxTrailingAboveDelta": 2000, "minTrailingBelowDelta": 10, "maxTrailingBelowDelta": 2000},
              {"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2", "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5},
              {"filterType": "NOTIONAL", "minNotional": "0.00010000", "applyMinToMarket": true, "maxNotional": "9000000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5},
              {"filterType": "MIN_NOTIONAL", "minNotional": "0.00010000", "applyToMarket": true, "avgPriceMins": 5},
              {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200},
              {"filterType": "MAX_NUM_ALGO_ORDERS", "maxNumAlgoOrders": 5},
              {"filterType": "MAX_NUM_ORDER_LISTS", "maxNumOrderLists": 20},
              {"filterType": "SOME_FUTURE_FILTER", "anything": "1"}],
            "permissions": [], "permissionSets": [["SPOT", "MARGIN"]], "defaultSelfTradePreventionMode": "NONE",
            "allowedSelfTradePreventionModes": ["NONE"], "someNewField": {"nested": true}}]}
        """;
}
