using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Strategy.Indicators;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Strategy.BuiltIn;

/// <summary>
/// <c>DonchianBreakout</c>: enter when a close breaks above the highest high of the <c>EntryPeriod</c> candles before it, with
/// the stop <c>StopAtr</c> ATRs below and the take-profit <c>TakeProfitAtr</c> ATRs above; exit when a close breaks below the
/// lowest low of the <c>ExitPeriod</c> candles before it.
/// </summary>
public sealed class DonchianBreakout(IOptions<DonchianBreakoutOptions> options) : IStrategy
{
    public string Name => "DonchianBreakout";

    public int WarmUp => Math.Max(Math.Max(options.Value.EntryPeriod, options.Value.ExitPeriod) + 1, options.Value.AtrPeriod * 10);

    public StrategyDecision Decide(StrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options.Value;
        var candles = input.Candles;
        var (entry, exit, atr) = (new Donchian(o.EntryPeriod), new Donchian(o.ExitPeriod), new Atr(o.AtrPeriod));
        for (var i = 0; i < candles.Count - 1; i++)
        {
            entry.Update(candles[i]);
            exit.Update(candles[i]);
            atr.Update(candles[i]);
        }

        if (candles.Count == 0 || !entry.IsReady || !exit.IsReady)
        {
            return StrategyDecision.Hold;
        }

        var last = candles[^1];
        atr.Update(last);
        if (input.Position is not null)
        {
            return last.Close < exit.Lower ? StrategyDecision.Exit("donchian-low") : StrategyDecision.Hold;
        }

        if (last.Close <= entry.Upper || !atr.IsReady || last.Close <= 0)
        {
            return StrategyDecision.Hold;
        }

        var percent = atr.Value / last.Close * 100m;
        var levels = new ExitLevels(Math.Clamp(percent * o.StopAtr, 0.1m, 50m), Math.Clamp(percent * o.TakeProfitAtr, 0.1m, 500m));
        return StrategyDecision.Enter("donchian-high", levels);
    }
}

/// <summary>Section <c>Strategy:DonchianBreakout</c>.</summary>
public sealed class DonchianBreakoutOptions : ISettings
{
    public static string SectionName => "Strategy:DonchianBreakout";

    /// <summary><c>Strategy__DonchianBreakout__EntryPeriod</c>: 2–500. Default 20.</summary>
    public int EntryPeriod { get; set; } = 20;

    /// <summary><c>Strategy__DonchianBreakout__ExitPeriod</c>: 2–500. Default 10.</summary>
    public int ExitPeriod { get; set; } = 10;

    /// <summary><c>Strategy__DonchianBreakout__AtrPeriod</c>: 2–100. Default 14.</summary>
    public int AtrPeriod { get; set; } = 14;

    /// <summary><c>Strategy__DonchianBreakout__StopAtr</c>: the stop this many ATRs below the entry, 0.5–20. Default 2.</summary>
    public decimal StopAtr { get; set; } = 2m;

    /// <summary><c>Strategy__DonchianBreakout__TakeProfitAtr</c>: the take-profit this many ATRs above, 0.5–50. Default 4.</summary>
    public decimal TakeProfitAtr { get; set; } = 4m;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value, max) in new[] { (nameof(EntryPeriod), EntryPeriod, 500), (nameof(ExitPeriod), ExitPeriod, 500), (nameof(AtrPeriod), AtrPeriod, 100) })
        {
            if (value < 2 || value > max)
            {
                yield return SettingName.Problem(SectionName, name, value, $"must be between 2 and {max}.");
            }
        }

        if (StopAtr is < 0.5m or > 20m)
        {
            yield return SettingName.Problem(SectionName, nameof(StopAtr), StopAtr, "must be between 0.5 and 20.");
        }

        if (TakeProfitAtr is < 0.5m or > 50m)
        {
            yield return SettingName.Problem(SectionName, nameof(TakeProfitAtr), TakeProfitAtr, "must be between 0.5 and 50.");
        }
    }
}
