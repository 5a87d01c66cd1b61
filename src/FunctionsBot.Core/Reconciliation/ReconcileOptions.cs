using System.Globalization;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Cycle;

namespace FunctionsBot.Core.Reconciliation;

/// <summary>Section <c>Reconcile</c>.</summary>
public sealed class ReconcileOptions : ISettings
{
    public static string SectionName => "Reconcile";

    /// <summary><c>Reconcile__Schedule</c>: six-field NCRONTAB in UTC; default <c>0 0 0 * * *</c> (00:00 UTC daily).</summary>
    public string Schedule { get; set; } = "0 0 0 * * *";

    /// <summary><c>Reconcile__LookbackHours</c>: how far back the bot's orders and trades are compared (default 24).</summary>
    public int LookbackHours { get; set; } = 24;

    /// <summary><c>Reconcile__ToleranceQuote</c>: differences at or below this value in the quote asset are reported, not acted on.</summary>
    public decimal ToleranceQuote { get; set; } = 0.01m;

    /// <summary><c>Reconcile__LeaseWaitSeconds</c>: how long a run or a decision waits for a busy lease before it fails (default 90).</summary>
    public int LeaseWaitSeconds { get; set; } = 90;

    /// <summary>
    /// <c>Reconcile__MinIntervalSeconds</c>: a run asked for (<c>POST /api/reconcile</c>) within this long of the last run is
    /// refused with 429 and that run's result, so requests cannot spend the exchange weight trading needs (default 60; 0–86400).
    /// </summary>
    public int MinIntervalSeconds { get; set; } = 60;

    public IEnumerable<string> Validate()
    {
        if (!CycleSchedule.TryParse(Schedule, out _, out var error))
        {
            yield return SettingName.Problem(SectionName, nameof(Schedule), Schedule, error);
        }

        if (LookbackHours is < 1 or > 24 * 30)
        {
            yield return SettingName.Problem(SectionName, nameof(LookbackHours), LookbackHours, "must be from 1 to 720 hours (each 24 hours costs one history request per symbol and endpoint).");
        }

        if (ToleranceQuote < 0)
        {
            yield return SettingName.Problem(SectionName, nameof(ToleranceQuote), ToleranceQuote.ToString(CultureInfo.InvariantCulture), "must be zero or more.");
        }

        if (MinIntervalSeconds is < 0 or > 86_400)
        {
            yield return SettingName.Problem(SectionName, nameof(MinIntervalSeconds), MinIntervalSeconds, "must be from 0 to 86400 seconds.");
        }

        if (LeaseWaitSeconds is < 1 or > 600)
        {
            yield return SettingName.Problem(SectionName, nameof(LeaseWaitSeconds), LeaseWaitSeconds, "must be from 1 to 600 seconds.");
        }
    }
}
