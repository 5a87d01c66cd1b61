using System.Diagnostics.Metrics;
using FunctionsBot.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>A real meter factory, as the host registers it, for <see cref="BotMetrics"/> in tests.</summary>
internal static class TestMetrics
{
    public static IMeterFactory Factory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>On the tests' clock, where the cycles run: gauges are reported while fresh on that clock.</summary>
    public static BotMetrics Create(IMeterFactory? factory = null) => new(factory ?? Factory(), TestClock.Create());
}
