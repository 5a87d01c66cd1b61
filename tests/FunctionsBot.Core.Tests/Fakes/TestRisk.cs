using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Risk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>The app's own <see cref="RiskManager"/> (rules and their order from <c>AddBotCore</c>) over given limits.</summary>
internal static class TestRisk
{
    public static RiskManager Manager(RiskOptions risk, BotOptions bot)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddBotCore();
        services.AddSingleton(Options.Create(risk));
        services.AddSingleton(Options.Create(bot));
        return services.BuildServiceProvider().GetRequiredService<RiskManager>();
    }
}
