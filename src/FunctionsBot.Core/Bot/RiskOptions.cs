using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Bot;

/// <summary>Section <c>Risk</c>: the limits every trade is validated against. Amounts are in the quote asset.</summary>
public sealed class RiskOptions : ISettings
{
    public static string SectionName => "Risk";

    /// <summary><c>Risk__MaxOpenPositions</c>: open positions plus pending intents, 1–100. Default 3.</summary>
    public int MaxOpenPositions { get; set; } = 3;

    /// <summary><c>Risk__MaxTradeQuote</c>: largest notional of one entry, &gt; 0. Default 100.</summary>
    public decimal MaxTradeQuote { get; set; } = 100m;

    /// <summary><c>Risk__DailyLossLimitQuote</c>: realized loss per UTC day that latches the kill switch, &gt; 0. Default 50.</summary>
    public decimal DailyLossLimitQuote { get; set; } = 50m;

    public IEnumerable<string> Validate()
    {
        if (MaxOpenPositions is < 1 or > 100)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxOpenPositions), MaxOpenPositions, "must be between 1 and 100.");
        }

        if (MaxTradeQuote <= 0)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxTradeQuote), MaxTradeQuote, "must be greater than 0.");
        }

        if (DailyLossLimitQuote <= 0)
        {
            yield return SettingName.Problem(SectionName, nameof(DailyLossLimitQuote), DailyLossLimitQuote, "must be greater than 0.");
        }
    }
}
