using System.Text.Json;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Market;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Binance.Tests.Parsing;

public sealed class PayloadParsingTests
{
    [Fact]
    public void ExchangeInfo_DocsExample_TypedFiltersAndUnknownOnesSkipped()
    {
        var info = ExchangeInfoParser.Parse(Fields(DocsPayloads.ExchangeInfo));

        Assert.Equal(1565246363776, info.ServerTime);
        Assert.Contains(new RateLimit("REQUEST_WEIGHT", "MINUTE", 1, 6000), info.RateLimits);
        var eth = Assert.Single(info.Symbols);
        Assert.Equal(("ETHBTC", "ETH", "BTC", true), (eth.Symbol, eth.BaseAsset, eth.QuoteAsset, eth.IsTrading));
        Assert.Equal(new PriceFilter(0.000001m, 100000m, 0.000001m), eth.Filter<PriceFilter>());
        Assert.Equal(new LotSizeFilter(0.001m, 100000m, 0.001m), eth.Filter<LotSizeFilter>());
        Assert.Equal(new MarketLotSizeFilter(0m, 1000m, 0m), eth.Filter<MarketLotSizeFilter>());
        Assert.Equal(new NotionalFilter(0.0001m, true, 9000000m, false, 5), eth.Filter<NotionalFilter>());
        Assert.Equal(new MinNotionalFilter(0.0001m, true, 5), eth.Filter<MinNotionalFilter>());
        Assert.Equal(new PercentPriceBySideFilter(5m, 0.2m, 5m, 0.2m, 5), eth.Filter<PercentPriceBySideFilter>());
        Assert.Equal(new MaxNumOrdersFilter(200), eth.Filter<MaxNumOrdersFilter>());
        Assert.Equal(7, eth.Filters.Count);
        Assert.Equal((true, true, 5, 20), (eth.OcoAllowed, eth.OpoAllowed, eth.MaxNumAlgoOrders, eth.MaxNumOrderLists));
    }

    [Fact]
    public void ExchangeInfo_WithoutOpoOrListFilters_NeitherAllowedNorLimited()
    {
        var json = DocsPayloads.ExchangeInfo
            .Replace("\"opoAllowed\": true,", string.Empty, StringComparison.Ordinal)
            .Replace("{\"filterType\": \"MAX_NUM_ORDER_LISTS\", \"maxNumOrderLists\": 20},", string.Empty, StringComparison.Ordinal)
            .Replace("{\"filterType\": \"MAX_NUM_ALGO_ORDERS\", \"maxNumAlgoOrders\": 5},", string.Empty, StringComparison.Ordinal);

        var eth = Assert.Single(ExchangeInfoParser.Parse(Fields(json)).Symbols);

        Assert.Equal((false, null, null), (eth.OpoAllowed, eth.MaxNumAlgoOrders, eth.MaxNumOrderLists));
    }

    [Fact]
    public void Klines_DocsExample_EveryField()
    {
        var kline = Assert.Single(BinanceSpotClient.ParseKlines(Fields(DocsPayloads.Klines)));

        Assert.Equal(new Kline(1499040000000, 0.01634790m, 0.80000000m, 0.01575800m, 0.01577100m, 148976.11427815m, 1499644799999, 2434.19055334m, 308), kline);
    }

    [Fact]
    public void OrderFull_DocsExample_FillsAndAveragePrice()
    {
        var order = OrderParser.Order(Fields(DocsPayloads.OrderFull));

        Assert.Equal((28L, "6gCrw2kRUAF9CvJDGP16IP", OrderStatus.Filled, "SELL", "MARKET"), (order.OrderId, order.ClientOrderId, order.Status, order.Side, order.Type));
        Assert.Equal(10m, order.ExecutedQty);
        Assert.Equal(5, order.Fills.Count);
        Assert.Equal(new OrderFill(3999m, 5m, 19.995m, "USDT", 57), order.Fills[1]);
        Assert.Equal(39.983m, order.Fills.Sum(f => f.Commission));
        Assert.Equal(1m, order.AveragePrice);
    }

    [Fact]
    public void OrderResult_DocsExample_StateWithoutFills()
    {
        var order = OrderParser.Order(Fields(DocsPayloads.OrderResult));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(10m, order.CummulativeQuoteQty);
        Assert.Empty(order.Fills);
    }

    [Fact]
    public void OrderAck_DocsExample_IdsOnly()
    {
        var order = OrderParser.Order(Fields(DocsPayloads.OrderAck));

        Assert.Equal((28L, "6gCrw2kRUAF9CvJDGP16IP", 1507725176595L), (order.OrderId, order.ClientOrderId, order.Time));
        Assert.Equal(OrderStatus.New, order.Status);
    }

    [Fact]
    public void QueryOrder_DocsExample()
    {
        var order = OrderParser.Order(Fields(DocsPayloads.QueryOrder));

        Assert.Equal(("myOrder1", OrderStatus.New, 0.1m, 1.0m, 1499827319559L), (order.ClientOrderId, order.Status, order.Price, order.OrigQty, order.Time));
        Assert.Null(order.AveragePrice);
    }

    [Fact]
    public void CancelOrder_DocsExample_KeepsTheOrdersClientIdNotTheCancels()
    {
        var order = OrderParser.Order(Fields(DocsPayloads.CancelOrder));

        Assert.Equal(("myOrder1", OrderStatus.Canceled), (order.ClientOrderId, order.Status));
    }

    [Fact]
    public void Account_DocsExample_Balances()
    {
        var account = ReplyParsers.Account(Fields(DocsPayloads.Account));

        Assert.True(account.CanTrade);
        Assert.Equal("SPOT", account.AccountType);
        Assert.Equal(new Account.AssetBalance("LTC", 4763368.68006011m, 0m), account.Balance("LTC"));
        Assert.Equal(0m, account.Balance("USDT").Free);
    }

    [Fact]
    public void Tickers_DocsExample()
    {
        Assert.Equal([new TickerPrice("LTCBTC", 4.000002m), new TickerPrice("ETHBTC", 0.079466m)], ReplyParsers.Tickers(Fields(DocsPayloads.TickerMany), ["LTCBTC", "ETHBTC"]));
    }

    [Theory]
    [InlineData("LTCBTC")]
    [InlineData("LTCBTC,ETHBTC,BNBBTC")]
    [InlineData("XRPBTC,ETHBTC")]
    public void Tickers_NotExactlyTheSymbolsAsked_TypedError(string asked)
    {
        var error = Assert.Throws<BinanceResponseException>(() => ReplyParsers.Tickers(Fields(DocsPayloads.TickerMany), asked.Split(',')));

        Assert.Contains("got 2 prices", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"symbol":"ETHBTC","price":"0.1"}""")]
    [InlineData("""{"symbol":"LTCBTC","price":"0"}""")]
    public void Ticker_OtherSymbolOrNoPrice_TypedError(string json)
    {
        Assert.Throws<BinanceResponseException>(() => ReplyParsers.Ticker(Fields(json), "LTCBTC"));
    }

    [Fact]
    public void AveragePrice_DocsExample()
    {
        Assert.Equal(new AveragePrice(5, 9.35751834m, 1694061154503), ReplyParsers.AveragePrice(Fields(DocsPayloads.AvgPrice)));
    }

    [Theory]
    [InlineData("""{"code": -1121, "msg": "Invalid symbol."}""", -1121, "Invalid symbol.")]
    [InlineData("""{"code": -2010, "msg": "Duplicate order sent."}""", -2010, "Duplicate order sent.")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", null, null)]
    [InlineData("", null, null)]
    public void Error_DocsShape_CodeAndMessage(string body, int? code, string? message)
    {
        Assert.Equal((code, message), BinanceSpotClient.ReadError(body));
    }

    [Theory]
    [InlineData("PARTIALLY_FILLED", OrderStatus.PartiallyFilled)]
    [InlineData("EXPIRED_IN_MATCH", OrderStatus.ExpiredInMatch)]
    [InlineData("SOMETHING_NEW", OrderStatus.Unknown)]
    public void Status_AnyText_MapsOrFallsBackToUnknown(string text, OrderStatus expected) => Assert.Equal(expected, OrderParser.Status(text));

    [Fact]
    public void Malformed_MissingOrMistypedField_NamesTheField()
    {
        var missing = Assert.Throws<BinanceResponseException>(() => OrderParser.Order(Fields("""{"symbol": "BTCUSDT", "clientOrderId": "x"}""")));
        var mistyped = Assert.Throws<BinanceResponseException>(() => OrderParser.Order(Fields("""{"symbol": "BTCUSDT", "orderId": 1, "clientOrderId": "x", "status": "NEW", "executedQty": "1,5"}""")));
        var notJson = Assert.Throws<BinanceResponseException>(() => JsonFields.Parse("<html>bad gateway</html>", "GET /api/v3/account"));

        Assert.Contains("field 'orderId' is missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("executedQty: '1,5' is not a decimal number", mistyped.Message, StringComparison.Ordinal);
        Assert.Contains("not JSON", notJson.Message, StringComparison.Ordinal);
    }

    private static JsonFields Fields(string json) => new(JsonDocument.Parse(json).RootElement, "test");
}
