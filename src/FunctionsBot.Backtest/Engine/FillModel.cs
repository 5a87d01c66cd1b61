namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// How the historical exchange fills: entries and market exits at the open of the candle after the signal plus
/// <see cref="SlippageBps"/> against the order; an order larger than <see cref="MaxVolumeShare"/> of that candle's volume
/// fills that share and the rest expires; commissions at <see cref="FeePercent"/>, in the received asset or, with
/// <see cref="FeesInBnb"/> and BNB free, in BNB at its price with Binance's 25 % discount.
/// </summary>
public sealed record FillModel(decimal SlippageBps = 2m, decimal MaxVolumeShare = 0.1m, decimal FeePercent = 0.1m, bool FeesInBnb = false)
{
    public const decimal BnbDiscount = 0.75m;

    public IEnumerable<string> Validate()
    {
        if (SlippageBps is < 0 or > 1000)
        {
            yield return $"--slippage-bps = {SlippageBps}: must be between 0 and 1000.";
        }

        if (MaxVolumeShare is <= 0 or > 1)
        {
            yield return $"--max-volume-share = {MaxVolumeShare}: must be above 0 and at most 1.";
        }

        if (FeePercent is < 0 or > 5)
        {
            yield return $"--fee-percent = {FeePercent}: must be between 0 and 5.";
        }
    }
}
