using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Strategy.Indicators;
using Microsoft.Extensions.Options;

namespace MyStrategies;

/// <summary>Enter when a close breaks above the upper Bollinger band; exit when one falls back under the middle.</summary>
public sealed class BandBreakout(IOptions<BandBreakoutOptions> options) : IStrategy
{
    public string Name => "BandBreakout";

    public int WarmUp => options.Value.Period + 1;

    public StrategyDecision Decide(StrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bands = new Bollinger(options.Value.Period, options.Value.Width);
        for (var i = 0; i < input.Candles.Count - 1; i++)
        {
            bands.Update(input.Candles[i].Close);
        }

        if (!bands.IsReady)
        {
            return StrategyDecision.Hold;
        }

        var close = input.Candles[^1].Close;
        if (input.Position is null)
        {
            return close > bands.Upper ? StrategyDecision.Enter("band-break") : StrategyDecision.Hold;
        }

        return close < bands.Middle ? StrategyDecision.Exit("back-in-band") : StrategyDecision.Hold;
    }
}

/// <summary>Section <c>Strategy:BandBreakout</c> (<c>Strategy__BandBreakout__Period</c> …), validated at start-up.</summary>
public sealed class BandBreakoutOptions : ISettings
{
    public static string SectionName => "Strategy:BandBreakout";

    public int Period { get; set; } = 20;

    public decimal Width { get; set; } = 2m;

    public IEnumerable<string> Validate()
    {
        if (Period is < 2 or > 500)
        {
            yield return SettingName.Problem(SectionName, nameof(Period), Period, "must be between 2 and 500.");
        }

        if (Width is <= 0 or > 10)
        {
            yield return SettingName.Problem(SectionName, nameof(Width), Width, "must be above 0 and at most 10.");
        }
    }
}
