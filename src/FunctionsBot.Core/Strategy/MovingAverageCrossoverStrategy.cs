using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Strategy;

/// <summary>Enter when the fast average crosses above the slow one on the last closed candle; exit when it crosses below.</summary>
public sealed class MovingAverageCrossoverStrategy(IOptions<StrategyOptions> options) : IStrategy
{
    public string Name => "MaCrossover";

    public int RequiredCandles => options.Value.SlowPeriod + 1;

    public Signal Evaluate(IReadOnlyList<decimal> closes)
    {
        ArgumentNullException.ThrowIfNull(closes);
        var (fast, slow) = (options.Value.FastPeriod, options.Value.SlowPeriod);
        if (closes.Count < slow + 1)
        {
            return Signal.Hold;
        }

        var now = Average(closes, closes.Count, fast) - Average(closes, closes.Count, slow);
        var before = Average(closes, closes.Count - 1, fast) - Average(closes, closes.Count - 1, slow);
        return (before, now) switch
        {
            ( <= 0, > 0) => Signal.Enter,
            ( >= 0, < 0) => Signal.Exit,
            _ => Signal.Hold,
        };
    }

    private static decimal Average(IReadOnlyList<decimal> closes, int end, int period)
    {
        var sum = 0m;
        for (var i = end - period; i < end; i++)
        {
            sum += closes[i];
        }

        return sum / period;
    }
}
