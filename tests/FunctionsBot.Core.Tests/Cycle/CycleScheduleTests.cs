using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Cycle;

public sealed class CycleScheduleTests
{
    [Theory]
    [InlineData("0 * * * * *", 60)]
    [InlineData("*/2 * * * * *", 2)]
    [InlineData("0 */5 * * * *", 300)]
    [InlineData("0 0 0 * * *", 86_400)]
    [InlineData("0 0 9-17 * * *", 57_600)] // hourly in the day, then the night gap
    public void LongestInterval_ValidNcrontab_IsTheLargestGap(string expression, int expectedSeconds)
    {
        var schedule = CycleSchedule.Parse(expression);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), schedule.LongestInterval(TestClock.Start));
    }

    [Fact]
    public void Next_EveryMinute_IsTheNextWholeMinuteInUtc()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), CycleSchedule.Parse("0 * * * * *").Next(TestClock.Start));
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * * * *")] // five fields: NCRONTAB needs seconds first
    [InlineData("61 * * * * *")]
    [InlineData("every minute")]
    [InlineData("00:01:00")]
    public void TryParse_NotSixFieldNcrontab_FailsWithAnExample(string expression)
    {
        Assert.False(CycleSchedule.TryParse(expression, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
