using System.Globalization;

namespace FunctionsBot.Core.Risk;

/// <summary>
/// A risk check's answer: approved, or refused with a code, the numbers and one actionable message
/// (utilization, excess, which setting to change), built in one place.
/// </summary>
public sealed record RiskDecision(bool Approved, RiskRejectionCode? Code, string Message, IReadOnlyDictionary<string, string> Numbers)
{
    public static RiskDecision Approve { get; } = new(true, null, "Approved.", new Dictionary<string, string>());

    /// <summary>A refusal of a limit: <paramref name="used"/> of <paramref name="limit"/> (utilization %), the excess, and the setting.</summary>
    public static RiskDecision Limit(RiskRejectionCode code, string what, decimal used, decimal limit, string setting) =>
        new(
            false,
            code,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: {used:0.########} of {limit:0.########} ({Utilization(used, limit):0.#} %), {Math.Max(0, used - limit):0.########} over. Change {setting} to allow it."),
            new Dictionary<string, string>
            {
                ["used"] = Text(used),
                ["limit"] = Text(limit),
                ["utilizationPercent"] = Utilization(used, limit).ToString("0.#", CultureInfo.InvariantCulture),
                ["excess"] = Text(Math.Max(0, used - limit)),
                ["setting"] = setting,
            });

    /// <summary>A refusal that is not a numeric limit.</summary>
    public static RiskDecision Refuse(RiskRejectionCode code, string message, IReadOnlyDictionary<string, string>? numbers = null) =>
        new(false, code, message, numbers ?? new Dictionary<string, string>());

    public static decimal Utilization(decimal used, decimal limit) => limit <= 0 ? 100m : decimal.Round(used / limit * 100m, 1);

    private static string Text(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
