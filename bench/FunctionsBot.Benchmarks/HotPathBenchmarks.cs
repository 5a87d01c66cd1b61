using BenchmarkDotNet.Attributes;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Market;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Binance.Signing;
using FunctionsBot.Binance.Tests.Parsing;
using FunctionsBot.Core;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Risk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Benchmarks;

/// <summary>
/// What a trade cycle computes per symbol besides waiting on the exchange and storage: the risk decision
/// (every rule, composed as the app composes them), shaping an order to the filters, signing the request,
/// parsing the FULL order reply and exchangeInfo, and sealing a commit into the audit chain.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly RiskManager _risk;
    private readonly RiskContext _context;
    private readonly RiskRequest _request = new("BTCUSDT", 20m, 0.4m);
    private readonly SymbolRules _rules;
    private readonly ShapedOrder _order = new("BTCUSDT", OrderSide.Buy, OrderType.Market, 0.000337m, null);
    private readonly LedgerChange _change;
    private readonly BookingMarket _market;
    private readonly Position _closing;
    private readonly OrderOutcome _partialExit = new(
        "fb1a2b3c4d-118-x", OrderProgress.Filled, 0.0003m, 18.0019m,
        [new Fill(60_005m, 0.0002m, 0.00001500m, "BNB"), new Fill(60_009.5m, 0.0001m, 0.00000750m, "BNB")]);
    private static readonly BinanceSigner Hmac = BinanceSigner.For("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
    private static readonly BinanceSigner Ed25519 = BinanceSigner.For("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n-----END PRIVATE KEY-----\n");
    private static readonly BinanceSigner Rsa = BinanceSigner.For(System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem());

    private const string Query = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.00033&newClientOrderId=fb1a2b3c4d-118-e&newOrderRespType=FULL&recvWindow=5000&timestamp=1795565190123";

    public HotPathBenchmarks()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddBotCore();
        services.AddSingleton(Options.Create(new RiskOptions { MaxOpenPositions = 5 }));
        services.AddSingleton(Options.Create(new BotOptions { Symbols = "BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT,XRPUSDT,DOGEUSDT" }));
        _risk = services.BuildServiceProvider().GetRequiredService<RiskManager>();

        var state = RiskState.Initial("main") with { TradingDay = DateOnly.FromDateTime(Now.UtcDateTime), DayRealizedPnl = -12.5m, ReservedQuote = 20m };
        var positions = Enumerable.Range(1, 4).Select(i => new Position
        {
            Sequence = i,
            Symbol = i % 2 == 0 ? "ETHUSDT" : "SOLUSDT",
            Status = PositionStatus.Open,
            EntryClientOrderId = $"fb1a2b3c4d-{i}-e",
            RequestedQuantity = 0.01m,
            Quantity = 0.00999m,
            CreatedAt = Now.AddMinutes(-i),
        }).ToList();
        _context = new RiskContext(state, positions, [new SymbolLock("DOGEUSDT", "cool-down", Now.AddMinutes(3), "trade-cycle", Now)], 9_000m, Now);

        using var info = JsonFields.Parse(DocsPayloads.ExchangeInfo, "exchangeInfo");
        _rules = ExchangeInfoParser.Parse(new JsonFields(info.RootElement, "exchangeInfo")).Symbols[0];

        AuditRecord[] audit =
        [
            new(Now, AuditKind.EntryIntent, "trade-cycle", "Entry intent #118: BUY 0.00033 BTCUSDT at market (~60535.85), 19.98 reserved.", new Dictionary<string, string> { ["symbol"] = "BTCUSDT", ["sequence"] = "118" }),
            new(Now, AuditKind.OrderFilled, "trade-cycle", "Entry #118 filled: bought 0.00033 BTCUSDT for 19.97.", new Dictionary<string, string> { ["symbol"] = "BTCUSDT", ["quantity"] = "0.00033" }),
        ];
        _change = new LedgerChange(state with { AuditHead = new string('a', 64), AuditSequence = 4_000 }, "W/\"etag\"", audit);
        _market = new BookingMarket(_rules, 60_000m, new Dictionary<string, decimal> { ["BNB"] = 600m });
        _closing = positions[0] with { Symbol = _rules.Symbol, Status = PositionStatus.Closing, Quantity = 0.00033967m, HeldCost = 20.01m, ExitClientOrderId = "fb1a2b3c4d-118-x", ExitReason = "stop-loss" };
    }

    [Benchmark]
    public RiskDecision RiskDecision() => _risk.Evaluate(_request, _context);

    [Benchmark]
    public ShapeResult ShapeOrder() => OrderShaper.Shape(_rules, _order, 1m, new ShapingContext(60_000m, 0));

    [Benchmark]
    public string SignRequest() => Hmac.Sign(Query);

    [Benchmark]
    public string SignRequestEd25519() => Ed25519.Sign(Query);

    [Benchmark]
    public string SignRequestRsa2048() => Rsa.Sign(Query);

    [Benchmark]
    public PlacedOrder ParseFullOrderReply()
    {
        using var document = JsonFields.Parse(DocsPayloads.OrderFull, "POST /api/v3/order");
        return OrderParser.Order(new JsonFields(document.RootElement, "POST /api/v3/order"));
    }

    [Benchmark]
    public ExchangeInfo ParseExchangeInfo()
    {
        using var document = JsonFields.Parse(DocsPayloads.ExchangeInfo, "exchangeInfo");
        return ExchangeInfoParser.Parse(new JsonFields(document.RootElement, "exchangeInfo"));
    }

    [Benchmark]
    public LedgerChange SealAuditChain() => AuditChain.Seal(_change);

    [Benchmark]
    public ExitBooking BookPartialExitWithBnbFees() => PositionBooking.Exit(_closing, _partialExit, _market, Now);
}
