using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Cycle;

/// <summary>Section <c>TradeCycle</c>.</summary>
public sealed class TradeCycleOptions : ISettings
{
    public static string SectionName => "TradeCycle";

    /// <summary>
    /// <c>TradeCycle__Schedule</c>: six-field NCRONTAB (seconds first), in UTC, as the Functions host
    /// reads it for the timer trigger. Default <c>0 * * * * *</c> (every minute).
    /// </summary>
    public string Schedule { get; set; } = "0 * * * * *";

    public IEnumerable<string> Validate()
    {
        if (!CycleSchedule.TryParse(Schedule, out _, out var error))
        {
            yield return SettingName.Problem(SectionName, nameof(Schedule), Schedule, error);
        }
    }
}
