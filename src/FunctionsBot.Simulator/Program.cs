using System.Text.Json.Serialization;
using FunctionsBot.Simulator;
using FunctionsBot.Simulator.Api;
using FunctionsBot.Simulator.Faults;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<SimulatorOptions>(builder.Configuration.GetSection("Simulator"));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
    if (options.ClockSpeed is < 1 or > 10_000)
    {
        throw new InvalidOperationException($"Simulator__ClockSpeed = '{options.ClockSpeed}': must be between 1 and 10000.");
    }

    return new SimClock(sp.GetRequiredService<TimeProvider>(), options.ClockSpeed, options.MarketStart ?? ReplayTape.Start);
});
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
    var liquidity = new Liquidity(options.BookLevels, options.BookSpacing, options.BookLevelQuote, options.EmptyBookPercent);
    var problems = liquidity.Problems().ToList();
    return problems.Count == 0
        ? new OrderBook(liquidity)
        : throw new InvalidOperationException($"Simulator__Book* settings: {string.Join(" ", problems)}");
});
builder.Services.AddSingleton<SymbolHalts>();
builder.Services.AddSingleton<SimExchange>();
builder.Services.AddSingleton<FaultInjector>();
builder.Services.AddSingleton<RequestWeights>();

var app = builder.Build();
var simulatorOptions = app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
if (simulatorOptions.ApiPublicKey.Length > 0 && !PublicKeySignature.IsValid(simulatorOptions.ApiPublicKey))
{
    throw new InvalidOperationException("Simulator__ApiPublicKey: not an Ed25519 or RSA (2048-4096 bit) public key in PEM form.");
}

SymbolCatalog.Generate(simulatorOptions.GeneratedSymbols);
var replay = simulatorOptions.Replay is { Length: > 0 } tape ? ReplayTape.Load(tape) : null;
app.MapBinanceApi();
app.MapAdmin();
await app.StartAsync();
_ = app.Services.GetRequiredService<SimExchange>();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
Console.WriteLine($"Binance simulator: {address} ({SymbolCatalog.All.Count} symbols, clock x{app.Services.GetRequiredService<SimClock>().Speed}{(replay is null ? string.Empty : $", replaying {replay}")})");
await app.WaitForShutdownAsync();
