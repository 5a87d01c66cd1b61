using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// Checks that a strategy's signals depend only on the closed candles up to their time, as the cycle guarantees by
/// construction (a strategy only ever receives closed candles). <see cref="Recursive"/>: the last signals are the same
/// with 2× and 5× the declared warm-up. <see cref="Lookahead"/>: a signal given while the strategy's window sat in the
/// whole history is given again with the history cut right after it. A strategy that reads past its window (the array
/// behind the list it was handed, a statistic of the whole data set) or that needs more history than it declares fails.
/// </summary>
public static class BiasChecks
{
    private static readonly int[] Multiples = [1, 2, 5];

    public static CheckResult Recursive(IStrategy strategy, string symbol, IReadOnlyList<Candle> history, int lastSignals = 200)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(history);
        var warmUp = strategy.WarmUp;
        var problems = new List<string>();
        var compared = 0;
        for (var i = Math.Max(history.Count - lastSignals, (warmUp * 5) - 1); i < history.Count; i++)
        {
            var decisions = Multiples.Select(k => strategy.Decide(Input(symbol, Copy(history, i, warmUp * k)))).ToList();
            compared++;
            if (decisions.Any(d => d.Signal != decisions[0].Signal))
            {
                problems.Add($"{symbol} {history[i].ClosedAt:O}: {string.Join(" / ", decisions.Zip(Multiples, (d, k) => $"{d.Signal} with {k}× warm-up"))}");
            }
        }

        return new CheckResult("recursive", compared, problems, compared == 0 ? $"fewer than {warmUp * 5} candles: nothing to compare" : null);
    }

    public static CheckResult Lookahead(IStrategy strategy, string symbol, IReadOnlyList<Candle> history, int maxSignals = 500)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(history);
        var all = history.ToArray();
        var warmUp = strategy.WarmUp;
        var problems = new List<string>();
        var compared = 0;
        for (var i = warmUp - 1; i < all.Length && compared < maxSignals; i++)
        {
            var full = strategy.Decide(Input(symbol, new ArraySegment<Candle>(all, i - warmUp + 1, warmUp)));
            if (full.Signal == Signal.Hold)
            {
                continue;
            }

            compared++;
            var cut = all[..(i + 1)];
            var again = strategy.Decide(Input(symbol, new ArraySegment<Candle>(cut, i - warmUp + 1, warmUp)));
            if (again.Signal != full.Signal)
            {
                problems.Add($"{symbol} {all[i].ClosedAt:O}: {full.Signal} with the whole history, {again.Signal} with the history cut there");
            }
        }

        return new CheckResult("lookahead", compared, problems, compared == 0 ? "no signal to re-check" : null);
    }

    private static StrategyInput Input(string symbol, IReadOnlyList<Candle> candles) => new(symbol, candles, null, candles.Count == 0 ? DateTimeOffset.UnixEpoch : candles[^1].ClosedAt.AddMilliseconds(1));

    /// <summary>The <paramref name="count"/> candles ending at <paramref name="end"/>, in an array of their own.</summary>
    private static Candle[] Copy(IReadOnlyList<Candle> history, int end, int count)
    {
        var start = Math.Max(0, end - count + 1);
        var copy = new Candle[end - start + 1];
        for (var j = 0; j < copy.Length; j++)
        {
            copy[j] = history[start + j];
        }

        return copy;
    }
}

/// <summary>A check's verdict: how many signals it compared and each one that differed.</summary>
public sealed record CheckResult(string Name, int Compared, IReadOnlyList<string> Problems, string? Note)
{
    public bool Passed => Problems.Count == 0;
}
