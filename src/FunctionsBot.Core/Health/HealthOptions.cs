using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Health;

/// <summary>Section <c>Health</c>: when the health endpoint calls the bot degraded or unhealthy.</summary>
public sealed class HealthOptions : ISettings
{
    public static string SectionName => "Health";

    /// <summary>
    /// <c>Health__StaleAfterCycles</c>: the last successful cycle older than this many schedule
    /// intervals makes the bot degraded. 1–1000, default 3.
    /// </summary>
    public int StaleAfterCycles { get; set; } = 3;

    /// <summary>
    /// <c>Health__UnhealthyAfterCycles</c>: older than this many intervals makes it unhealthy.
    /// Greater than <see cref="StaleAfterCycles"/>, at most 10000; default 10.
    /// </summary>
    public int UnhealthyAfterCycles { get; set; } = 10;

    /// <summary><c>Health__CheckTimeoutSeconds</c>: each check's time limit, 1–60 s, default 5.</summary>
    public int CheckTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// <c>Health__CacheSeconds</c>: how long one health report answers every caller, 1–300 s, default 10. The
    /// report pings the exchange and reads the ledger; the cache bounds both to once per window however often
    /// the endpoint is called.
    /// </summary>
    public int CacheSeconds { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (CacheSeconds is < 1 or > 300)
        {
            yield return SettingName.Problem(SectionName, nameof(CacheSeconds), CacheSeconds, "must be between 1 and 300 seconds.");
        }

        if (StaleAfterCycles is < 1 or > 1000)
        {
            yield return SettingName.Problem(SectionName, nameof(StaleAfterCycles), StaleAfterCycles, "must be between 1 and 1000.");
        }

        if (UnhealthyAfterCycles <= StaleAfterCycles || UnhealthyAfterCycles > 10_000)
        {
            yield return SettingName.Problem(SectionName, nameof(UnhealthyAfterCycles), UnhealthyAfterCycles, $"must be greater than Health__StaleAfterCycles ({StaleAfterCycles}) and at most 10000.");
        }

        if (CheckTimeoutSeconds is < 1 or > 60)
        {
            yield return SettingName.Problem(SectionName, nameof(CheckTimeoutSeconds), CheckTimeoutSeconds, "must be between 1 and 60 seconds.");
        }
    }
}
