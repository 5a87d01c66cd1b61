namespace FunctionsBot.Core.Strategy;

/// <summary>The kline intervals the bot trades on (<c>Strategy__Interval</c>) and backtests read, with their durations.</summary>
public static class KlineIntervals
{
    private static readonly (string Name, TimeSpan Span)[] All =
    [
        ("1m", TimeSpan.FromMinutes(1)), ("3m", TimeSpan.FromMinutes(3)), ("5m", TimeSpan.FromMinutes(5)), ("15m", TimeSpan.FromMinutes(15)),
        ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("2h", TimeSpan.FromHours(2)), ("4h", TimeSpan.FromHours(4)),
        ("6h", TimeSpan.FromHours(6)), ("8h", TimeSpan.FromHours(8)), ("12h", TimeSpan.FromHours(12)), ("1d", TimeSpan.FromDays(1)),
    ];

    /// <summary>The names, shortest first: <c>1m, 3m, … 1d</c>.</summary>
    public static string Names => string.Join(", ", All.Select(i => i.Name));

    public static bool IsKnown(string interval) => All.Any(i => i.Name == interval);

    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static TimeSpan Of(string interval) =>
        All.FirstOrDefault(i => i.Name == interval) is { Name: not null } known
            ? known.Span
            : throw new ArgumentException($"Unknown kline interval '{interval}': one of {Names}.", nameof(interval));
}
