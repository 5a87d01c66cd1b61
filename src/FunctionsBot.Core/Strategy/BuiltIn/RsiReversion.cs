using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Strategy.Indicators;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Strategy.BuiltIn;

/// <summary>
/// <c>RsiReversion</c>: enter when Wilder's RSI of closes climbs back above <c>Oversold</c> (the selling is exhausted);
/// exit when it reaches <c>Overbought</c>.
/// </summary>
public sealed class RsiReversion(IOptions<RsiReversionOptions> options) : IStrategy
{
    public string Name => "RsiReversion";

    /// <summary>Wilder's smoothing keeps a trace of its seed for long: ten periods make it negligible.</summary>
    public int WarmUp => (options.Value.Period * 10) + 1;

    public StrategyDecision Decide(StrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options.Value;
        var rsi = new Rsi(o.Period);
        decimal? before = null, now = null;
        foreach (var candle in input.Candles)
        {
            rsi.Update(candle.Close);
            if (rsi.IsReady)
            {
                (before, now) = (now, rsi.Value);
            }
        }

        if (before is not { } b || now is not { } n)
        {
            return StrategyDecision.Hold;
        }

        if (input.Position is not null)
        {
            return n >= o.Overbought ? StrategyDecision.Exit("rsi-overbought") : StrategyDecision.Hold;
        }

        return b < o.Oversold && n >= o.Oversold ? StrategyDecision.Enter("rsi-oversold-exit") : StrategyDecision.Hold;
    }
}

/// <summary>Section <c>Strategy:RsiReversion</c>.</summary>
public sealed class RsiReversionOptions : ISettings
{
    public static string SectionName => "Strategy:RsiReversion";

    /// <summary><c>Strategy__RsiReversion__Period</c>: 2–100. Default 14.</summary>
    public int Period { get; set; } = 14;

    /// <summary><c>Strategy__RsiReversion__Oversold</c>: 1–50. Default 30.</summary>
    public decimal Oversold { get; set; } = 30m;

    /// <summary><c>Strategy__RsiReversion__Overbought</c>: above the oversold level, below 100. Default 70.</summary>
    public decimal Overbought { get; set; } = 70m;

    public IEnumerable<string> Validate()
    {
        if (Period is < 2 or > 100)
        {
            yield return SettingName.Problem(SectionName, nameof(Period), Period, "must be between 2 and 100.");
        }

        if (Oversold is < 1m or > 50m)
        {
            yield return SettingName.Problem(SectionName, nameof(Oversold), Oversold, "must be between 1 and 50.");
        }

        if (Overbought <= Oversold || Overbought >= 100m)
        {
            yield return SettingName.Problem(SectionName, nameof(Overbought), Overbought, $"must be above Strategy__RsiReversion__Oversold ({Oversold}) and below 100.");
        }
    }
}
