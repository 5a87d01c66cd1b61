using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy.Indicators;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Strategy.BuiltIn;

/// <summary>
/// <c>MaCrossover</c>: enter when the fast average of closes crosses above the slow one on the last closed candle; exit
/// when it crosses below.
/// </summary>
public sealed class MaCrossover(IOptions<MaCrossoverOptions> options) : IStrategy
{
    public string Name => "MaCrossover";

    /// <summary>The slow average and the candle before it; an EMA is given four times its period more to forget its seed.</summary>
    public int WarmUp => options.Value.Average == MovingAverage.Ema ? (options.Value.SlowPeriod * 5) + 1 : options.Value.SlowPeriod + 1;

    public StrategyDecision Decide(StrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options.Value;
        var candles = input.Candles;
        if (candles.Count < o.SlowPeriod + 1)
        {
            return StrategyDecision.Hold;
        }

        var (before, now) = o.Average == MovingAverage.Sma ? SmaSpread(candles, o.FastPeriod, o.SlowPeriod) : EmaSpread(candles, o.FastPeriod, o.SlowPeriod);
        return (before, now) switch
        {
            ( <= 0, > 0) => StrategyDecision.Enter("ma-cross-up"),
            ( >= 0, < 0) => StrategyDecision.Exit("ma-cross-down"),
            _ => StrategyDecision.Hold,
        };
    }

    /// <summary>
    /// Fast minus slow simple average on the candle before the last and on the last: the sums of the last closes, each
    /// moved back by one candle (what <see cref="Sma"/> computes, without allocating one per decision).
    /// </summary>
    private static (decimal Before, decimal Now) SmaSpread(IReadOnlyList<Candle> candles, int fast, int slow)
    {
        var n = candles.Count;
        decimal fastSum = 0, slowSum = 0;
        for (var i = n - slow; i < n; i++)
        {
            slowSum += candles[i].Close;
            fastSum += i >= n - fast ? candles[i].Close : 0;
        }

        var last = candles[n - 1].Close;
        var (fastBefore, slowBefore) = (fastSum - last + candles[n - 1 - fast].Close, slowSum - last + candles[n - 1 - slow].Close);
        return ((fastBefore / fast) - (slowBefore / slow), (fastSum / fast) - (slowSum / slow));
    }

    private static (decimal Before, decimal Now) EmaSpread(IReadOnlyList<Candle> candles, int fast, int slow)
    {
        var (fastEma, slowEma) = (new Ema(fast), new Ema(slow));
        decimal before = 0, now = 0;
        for (var i = 0; i < candles.Count; i++)
        {
            fastEma.Update(candles[i].Close);
            slowEma.Update(candles[i].Close);
            if (slowEma.IsReady)
            {
                (before, now) = (now, fastEma.Value - slowEma.Value);
            }
        }

        return (before, now);
    }
}

public enum MovingAverage
{
    Sma,
    Ema,
}

/// <summary>Section <c>Strategy:MaCrossover</c> (<c>Strategy__MaCrossover__FastPeriod</c> …).</summary>
public sealed class MaCrossoverOptions : ISettings
{
    public static string SectionName => "Strategy:MaCrossover";

    /// <summary><c>Strategy__MaCrossover__Average</c>: <c>Sma</c> (default) or <c>Ema</c>.</summary>
    public MovingAverage Average { get; set; } = MovingAverage.Sma;

    /// <summary><c>Strategy__MaCrossover__FastPeriod</c>: 1–500. Default 5.</summary>
    public int FastPeriod { get; set; } = 5;

    /// <summary><c>Strategy__MaCrossover__SlowPeriod</c>: greater than the fast one, ≤ 900. Default 20.</summary>
    public int SlowPeriod { get; set; } = 20;

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Average))
        {
            yield return SettingName.Problem(SectionName, nameof(Average), Average, "must be Sma or Ema.");
        }

        if (FastPeriod is < 1 or > 500)
        {
            yield return SettingName.Problem(SectionName, nameof(FastPeriod), FastPeriod, "must be between 1 and 500.");
        }

        if (SlowPeriod <= FastPeriod || SlowPeriod > 900)
        {
            yield return SettingName.Problem(SectionName, nameof(SlowPeriod), SlowPeriod, $"must be greater than Strategy__MaCrossover__FastPeriod ({FastPeriod}) and at most 900.");
        }
    }
}
