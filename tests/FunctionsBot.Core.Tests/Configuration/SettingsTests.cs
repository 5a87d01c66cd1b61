using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Configuration;

public sealed class SettingsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new BotOptions().Validate());
        Assert.Empty(new RiskOptions().Validate());
        Assert.Empty(new TradeCycleOptions().Validate());
        Assert.Empty(new HealthOptions().Validate());
    }

    [Theory]
    [InlineData("Account", "has space", "Bot__Account = 'has space'")]
    [InlineData("Account", "", "Bot__Account = ''")]
    [InlineData("Symbols", "", "Bot__Symbols = ''")]
    [InlineData("Symbols", "BTCUSDT,btc", "'btc' is not a Binance symbol")]
    [InlineData("Symbols", "BTCUSDT,ETHBTC", "'ETHBTC' is not quoted in USDT")]
    [InlineData("QuoteAsset", "usdt", "Bot__QuoteAsset = 'usdt'")]
    public void BotOptions_BadValue_NamesTheSettingAndValue(string key, string value, string expected)
    {
        var problems = Validate<BotOptions>(new() { [$"Bot:{key}"] = value });

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void BotOptions_LiveWithoutConfirmation_Refused()
    {
        var problems = Validate<BotOptions>(new() { ["Bot:Mode"] = "Live" });

        Assert.Contains(problems, p => p.StartsWith("Bot__Mode = 'Live'", StringComparison.Ordinal) && p.Contains("Bot__ConfirmLive=true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Live", true)]
    [InlineData("Simulated", false)]
    public void DiagnosticsCrashAt_RefusedAtStartUpInLiveModeOnly(string mode, bool refused)
    {
        var problems = ValidateAll(new() { ["Bot:Mode"] = mode, ["Bot:ConfirmLive"] = "true", ["Diagnostics:CrashAt"] = "AfterPost" });

        Assert.Equal(refused, problems.Any(p => p.StartsWith("Diagnostics__CrashAt = 'AfterPost'", StringComparison.Ordinal) && p.Contains("Live", StringComparison.Ordinal)));
    }

    [Fact]
    public void BotOptions_LiveConfirmed_Accepted()
    {
        Assert.Empty(Validate<BotOptions>(new() { ["Bot:Mode"] = "Live", ["Bot:ConfirmLive"] = "true" }));
    }

    [Theory]
    [InlineData("Risk:MaxOpenPositions", "0", "Risk__MaxOpenPositions = '0': must be between 1 and 100.")]
    [InlineData("Risk:MaxOpenPositions", "abc", "Risk__MaxOpenPositions = 'abc': not a valid whole number.")]
    [InlineData("Risk:MaxTradeQuote", "-5", "Risk__MaxTradeQuote = '-5': must be greater than 0.")]
    [InlineData("Risk:DailyLossLimitQuote", "1,5", "Risk__DailyLossLimitQuote = '1,5': not a valid number")]
    public void RiskOptions_BadValue_OneMessageNamingSettingAndValue(string key, string value, string expected)
    {
        var problems = Validate<RiskOptions>(new() { [key] = value });

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Health:StaleAfterCycles", "0")]
    [InlineData("Health:UnhealthyAfterCycles", "2")]
    [InlineData("Health:CheckTimeoutSeconds", "120")]
    [InlineData("TradeCycle:Schedule", "* * * * *")]
    [InlineData("Bot:Mode", "Moon")]
    public void Validation_BadValue_NamesTheSetting(string key, string value)
    {
        var problems = ValidateAll(new() { [key] = value });

        Assert.Contains(problems, p => p.StartsWith(key.Replace(":", "__", StringComparison.Ordinal) + " = '" + value + "'", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateOnStart_SeveralBadSettings_ReportsEveryOne()
    {
        var problems = ValidateAll(new()
        {
            ["Risk:MaxOpenPositions"] = "-1",
            ["Risk:MaxTradeQuote"] = "lots",
            ["Bot:Account"] = "bad/account",
            ["TradeCycle:Schedule"] = "often",
        });

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Risk__MaxOpenPositions = '-1'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Risk__MaxTradeQuote = 'lots'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Bot__Account = 'bad/account'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TradeCycle__Schedule = 'often'", StringComparison.Ordinal));
    }

    private static List<string> Validate<T>(Dictionary<string, string?> settings)
        where T : class, ISettings, new()
    {
        using var provider = Provider(settings, s => s.AddSettings<T>());
        try
        {
            _ = provider.GetRequiredService<IOptions<T>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    private static List<string> ValidateAll(Dictionary<string, string?> settings)
    {
        using var provider = Provider(settings, s => s.AddBotCore());
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
        catch (AggregateException ex)
        {
            return ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        }
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        register(services);
        return services.BuildServiceProvider();
    }
}
