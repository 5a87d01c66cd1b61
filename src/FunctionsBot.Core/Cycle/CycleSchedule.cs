using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace FunctionsBot.Core.Cycle;

/// <summary>A six-field NCRONTAB schedule (seconds first, UTC), as the Functions timer trigger reads it.</summary>
public sealed class CycleSchedule
{
    private readonly CronExpression _expression;

    private CycleSchedule(CronExpression expression) => _expression = expression;

    public static CycleSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out CycleSchedule? schedule, out string error)
    {
        schedule = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            error = "must be a six-field NCRONTAB expression with seconds first, for example '0 * * * * *' (every minute).";
            return false;
        }

        try
        {
            schedule = new CycleSchedule(CronExpression.Parse(text, CronFormat.IncludeSeconds));
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"not a valid NCRONTAB expression ({ex.Message}).";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after, TimeZoneInfo.Utc)
        ?? throw new InvalidOperationException("The schedule has no future occurrence.");

    /// <summary>The longest gap between consecutive occurrences over the next day after <paramref name="from"/>.</summary>
    public TimeSpan LongestInterval(DateTimeOffset from)
    {
        var longest = TimeSpan.Zero;
        var previous = Next(from);
        var end = from.AddDays(1);
        for (var count = 0; previous < end && count < 10_000; count++)
        {
            var next = Next(previous);
            longest = next - previous > longest ? next - previous : longest;
            previous = next;
        }

        return longest;
    }
}
