using FunctionsBot.Core.Health;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Tests.Health;

public sealed class CycleFreshnessTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly HealthOptions Options = new() { StaleAfterCycles = 3, UnhealthyAfterCycles = 10 };

    [Theory]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(59, HealthStatus.Healthy)]
    [InlineData(180, HealthStatus.Healthy)] // exactly 3 intervals: not yet stale
    [InlineData(181, HealthStatus.Degraded)]
    [InlineData(600, HealthStatus.Degraded)] // exactly 10 intervals: not yet unhealthy
    [InlineData(601, HealthStatus.Unhealthy)]
    [InlineData(86_400, HealthStatus.Unhealthy)]
    public void Evaluate_AgeInSeconds_GradesAgainstTheScheduleInterval(int ageSeconds, HealthStatus expected)
    {
        var now = TestClock.Start;

        var result = CycleFreshness.Evaluate(now.AddSeconds(-ageSeconds), now, Minute, Options);

        Assert.Equal(expected, result.Status);
        Assert.Equal((double)ageSeconds, result.Data["ageSeconds"]);
    }

    [Fact]
    public void Evaluate_NoCycleEver_IsDegradedAndSaysSo()
    {
        var result = CycleFreshness.Evaluate(null, TestClock.Start, Minute, Options);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("never", result.Data["lastSuccessfulCycleAt"]);
    }

    [Fact]
    public void Evaluate_Stale_NamesTheSettingToChange()
    {
        var result = CycleFreshness.Evaluate(TestClock.Start.AddMinutes(-5), TestClock.Start, Minute, Options);

        Assert.Contains("Health__StaleAfterCycles", result.Description, StringComparison.Ordinal);
    }
}
