using System.Globalization;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// A parameter grid run through backtests on every core. With walk-forward folds, the window is cut into folds + 1 equal
/// parts; fold k chooses the grid point with the best return on part k (in-sample) and is judged on part k + 1
/// (out-of-sample), where that choice's rank among all points is reported: a choice that ranks near the middle out of
/// sample was fitting noise.
/// </summary>
public static class Sweep
{
    /// <summary>Parses <c>Name=from..to:step</c> (or <c>Name=a,b,c</c>); a name without <c>__</c> is the strategy's own setting.</summary>
    public static SweepAxis Axis(string text, string strategy)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Split('=', 2) is not [{ Length: > 0 } name, { Length: > 0 } values])
        {
            throw new ArgumentException($"--sweep '{text}': expected Name=from..to:step, e.g. FastPeriod=5..20:5.");
        }

        var key = name.Contains("__", StringComparison.Ordinal) ? name : $"Strategy__{strategy}__{name}";
        if (values.Split("..", 2) is [var first, var rest] && rest.Split(':', 2) is [var last, var step]
            && Number(first) is { } from && Number(last) is { } to && Number(step) is > 0 and var by && to >= from)
        {
            var points = new List<string>();
            for (var value = from; value <= to && points.Count <= 1000; value += by)
            {
                points.Add(value.ToString(CultureInfo.InvariantCulture));
            }

            return points.Count <= 1000 ? new SweepAxis(key, points) : throw new ArgumentException($"--sweep '{text}': more than 1,000 values.");
        }

        var list = values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return list.Length > 0 && !values.Contains("..", StringComparison.Ordinal)
            ? new SweepAxis(key, list)
            : throw new ArgumentException($"--sweep '{text}': expected Name=from..to:step with step > 0 and to ≥ from, or Name=a,b,c.");
    }

    public static async Task<SweepReport> RunAsync(BacktestOptions options, IReadOnlyList<SweepAxis> axes, int folds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(axes);
        var all = axes.Aggregate(
            (IEnumerable<IReadOnlyDictionary<string, string>>)[new Dictionary<string, string>()],
            (points, axis) => points.SelectMany(point => axis.Values.Select(value => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(point) { [axis.Key] = value }))).ToList();
        if (all.Count > 2000)
        {
            throw new ArgumentException($"--sweep: {all.Count} points; at most 2,000.");
        }

        // A point the settings refuse (a fast period not under the slow one …) is left out and said why, as start-up would.
        var skipped = new List<string>();
        var grid = all.Where(point =>
        {
            try
            {
                _ = Backtester.Strategy(options with { Settings = Merge(options.Settings, point) });
                return true;
            }
            catch (OptionsValidationException ex)
            {
                skipped.Add(ex.Message);
                return false;
            }
        }).ToList();
        if (grid.Count == 0)
        {
            throw new ArgumentException($"--sweep: every point is refused by the settings: {string.Join(" ", skipped.Distinct())}");
        }

        var parts = Math.Max(folds, 0) + 1;
        var span = (options.To - options.From) / parts;
        var windows = Enumerable.Range(0, parts).Select(i => (From: options.From + (span * i), To: i == parts - 1 ? options.To : options.From + (span * (i + 1)))).ToList();
        var runs = (from window in Enumerable.Range(0, parts) from point in Enumerable.Range(0, grid.Count) select (window, point)).ToList();
        var returns = new decimal[parts, grid.Count];
        var trades = new int[parts, grid.Count];
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (run, token) =>
        {
            var settings = Merge(options.Settings, grid[run.point]);
            var result = await Backtester.RunAsync(options with { From = windows[run.window].From, To = windows[run.window].To, Settings = settings }, token).ConfigureAwait(false);
            returns[run.window, run.point] = result.TotalReturn;
            trades[run.window, run.point] = result.Trades.Count;
        }).ConfigureAwait(false);

        var rows = new List<SweepFold>();
        for (var fold = 0; fold < Math.Max(folds, 0); fold++)
        {
            var inSample = Enumerable.Range(0, grid.Count).OrderByDescending(p => returns[fold, p]).ThenBy(p => p).ToList();
            var outOfSample = Enumerable.Range(0, grid.Count).OrderByDescending(p => returns[fold + 1, p]).ThenBy(p => p).ToList();
            var chosen = inSample[0];
            rows.Add(new SweepFold(
                fold + 1, windows[fold], windows[fold + 1], grid[chosen], returns[fold, chosen], returns[fold + 1, chosen], outOfSample.IndexOf(chosen) + 1, grid[outOfSample[0]], returns[fold + 1, outOfSample[0]]));
        }

        var whole = Enumerable.Range(0, grid.Count).Select(p => new SweepPoint(grid[p], Enumerable.Range(0, parts).Select(w => returns[w, p]).ToList(), Enumerable.Range(0, parts).Sum(w => trades[w, p]))).ToList();
        return new SweepReport(grid.Count, windows, rows, whole, skipped);
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> point)
    {
        var merged = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in point)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static decimal? Number(string text) => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}

public sealed record SweepAxis(string Key, IReadOnlyList<string> Values);

/// <summary>One walk-forward fold: the in-sample choice, its out-of-sample return and rank, and the out-of-sample best.</summary>
public sealed record SweepFold(
    int Fold, (DateTimeOffset From, DateTimeOffset To) InSample, (DateTimeOffset From, DateTimeOffset To) OutOfSample, IReadOnlyDictionary<string, string> Chosen,
    decimal InSampleReturn, decimal OutOfSampleReturn, int OutOfSampleRank, IReadOnlyDictionary<string, string> OutOfSampleBest, decimal OutOfSampleBestReturn);

/// <summary>A grid point's return in each part of the window, and its trades in all.</summary>
public sealed record SweepPoint(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<decimal> Returns, int Trades);

public sealed record SweepReport(
    int Points, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Parts, IReadOnlyList<SweepFold> Folds, IReadOnlyList<SweepPoint> Grid, IReadOnlyList<string> Skipped);
