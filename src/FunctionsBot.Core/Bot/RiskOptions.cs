using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Bot;

/// <summary>Section <c>Risk</c>: the limits every trade is validated against. Amounts are in the quote asset.</summary>
public sealed record RiskOptions : ISettings
{
    public static string SectionName => "Risk";

    /// <summary><c>Risk__MaxOpenPositions</c>: open positions plus pending intents, 1–100. Default 3.</summary>
    public int MaxOpenPositions { get; set; } = 3;

    /// <summary><c>Risk__MaxTradeQuote</c>: largest notional of one entry, &gt; 0. Default 100.</summary>
    public decimal MaxTradeQuote { get; set; } = 100m;

    /// <summary><c>Risk__MaxLossPerTradeQuote</c>: largest loss of one trade at its stop, &gt; 0. Default 5.</summary>
    public decimal MaxLossPerTradeQuote { get; set; } = 5m;

    /// <summary><c>Risk__DailyLossLimitQuote</c>: realized loss per UTC day that latches the kill switch, &gt; 0. Default 50.</summary>
    public decimal DailyLossLimitQuote { get; set; } = 50m;

    /// <summary><c>Risk__MinFreeQuote</c>: free quote balance that entries never spend, ≥ 0. Default 10.</summary>
    public decimal MinFreeQuote { get; set; } = 10m;

    /// <summary><c>Risk__CooldownMinutes</c>: no entries for this long after a losing trade, 0–1440. Default 5.</summary>
    public int CooldownMinutes { get; set; } = 5;

    /// <summary><c>Risk__BreakerFailures</c>: consecutive exchange failures that open the circuit breaker, 1–100. Default 3.</summary>
    public int BreakerFailures { get; set; } = 3;

    /// <summary><c>Risk__BreakerOpenSeconds</c>: how long the breaker stays open before one probe, 1–86400. Default 120.</summary>
    public int BreakerOpenSeconds { get; set; } = 120;

    /// <summary><c>Risk__RecoveryGraceSeconds</c>: an intent whose order is still not found after this long is failed, 5–86400. Default 60.</summary>
    public int RecoveryGraceSeconds { get; set; } = 60;

    /// <summary>
    /// <c>Risk__FeeRatePercent</c>: the commission rate assumed for each side of a trade when its worst-case loss is
    /// judged, 0–1 %. Default 0.1 (Binance's standard spot rate).
    /// </summary>
    public decimal FeeRatePercent { get; set; } = 0.1m;

    public IEnumerable<string> Validate()
    {
        if (FeeRatePercent is < 0 or > 1)
        {
            yield return SettingName.Problem(SectionName, nameof(FeeRatePercent), FeeRatePercent, "must be between 0 and 1 percent.");
        }

        if (MaxOpenPositions is < 1 or > 100)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxOpenPositions), MaxOpenPositions, "must be between 1 and 100.");
        }

        foreach (var (name, value) in new[] { (nameof(MaxTradeQuote), MaxTradeQuote), (nameof(MaxLossPerTradeQuote), MaxLossPerTradeQuote), (nameof(DailyLossLimitQuote), DailyLossLimitQuote) })
        {
            if (value <= 0)
            {
                yield return SettingName.Problem(SectionName, name, value, "must be greater than 0.");
            }
        }

        if (MinFreeQuote < 0)
        {
            yield return SettingName.Problem(SectionName, nameof(MinFreeQuote), MinFreeQuote, "must be 0 or more.");
        }

        if (CooldownMinutes is < 0 or > 1440)
        {
            yield return SettingName.Problem(SectionName, nameof(CooldownMinutes), CooldownMinutes, "must be between 0 and 1440 minutes.");
        }

        if (BreakerFailures is < 1 or > 100)
        {
            yield return SettingName.Problem(SectionName, nameof(BreakerFailures), BreakerFailures, "must be between 1 and 100.");
        }

        if (BreakerOpenSeconds is < 1 or > 86_400)
        {
            yield return SettingName.Problem(SectionName, nameof(BreakerOpenSeconds), BreakerOpenSeconds, "must be between 1 and 86400 seconds.");
        }

        if (RecoveryGraceSeconds is < 5 or > 86_400)
        {
            yield return SettingName.Problem(SectionName, nameof(RecoveryGraceSeconds), RecoveryGraceSeconds, "must be between 5 and 86400 seconds.");
        }
    }
}
