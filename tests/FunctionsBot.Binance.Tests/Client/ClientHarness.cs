using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>The real client, composed as the app composes it, pointed at a simulator; logs captured.</summary>
internal sealed class ClientHarness : IDisposable
{
    private readonly ServiceProvider _services;

    private ClientHarness(ServiceProvider services) => _services = services;

    public BinanceSpotClient Client => _services.GetRequiredService<BinanceSpotClient>();

    public FunctionsBot.Binance.Caching.ExchangeInfoCache Cache => _services.GetRequiredService<FunctionsBot.Binance.Caching.ExchangeInfoCache>();

    public FakeLogCollector Logs => _services.GetRequiredService<FakeLogCollector>();

    public FunctionsBot.Core.Exchange.IExchange Exchange => _services.GetRequiredService<FunctionsBot.Core.Exchange.IExchange>();

    public FunctionsBot.Core.Exchange.IExchangeAccount Account => _services.GetRequiredService<FunctionsBot.Core.Exchange.IExchangeAccount>();

    public FunctionsBot.Core.Exchange.IProtectiveOrders Lists => _services.GetRequiredService<FunctionsBot.Core.Exchange.IProtectiveOrders>();

    public static ClientHarness Create(
        SimulatorProcess simulator,
        string apiKey = SimulatorProcess.ApiKey,
        string apiSecret = SimulatorProcess.ApiSecret,
        int requestTimeoutSeconds = 10,
        string mode = "Simulated",
        FakeKeyVaultProcess? vault = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Bot:Mode"] = mode,
            ["Bot:Symbols"] = "BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,DOGEUSDT",
            ["Binance:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Binance:ApiKey"] = apiKey,
            ["Binance:ApiSecret"] = apiSecret,
            ["Binance:RequestTimeoutSeconds"] = requestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KeyVault:Uri"] = vault?.VaultUri.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (vault is not null)
        {
            services.AddSingleton(vault.CreateClient()); // the real SecretClient, trusting the fake's certificate
        }

        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSettings<BotOptions>();
        services.AddBinanceSpotClient();
        return new ClientHarness(services.BuildServiceProvider());
    }

    /// <summary>Runs the start-up validation the host runs (every <c>ValidateOnStart</c> registration).</summary>
    public void ValidateOnStart() => _services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

    public void Dispose() => _services.Dispose();
}
