using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Strategy.Indicators;

namespace FunctionsBot.Core.Tests.Strategy;

/// <summary>Indicators against published or hand-worked values (no indicator library is served here to compare with).</summary>
public sealed class IndicatorTests
{
    /// <summary>
    /// Wilder's RSI(14) on the closes of StockCharts' worked example ("RSI" in ChartSchool). Its first 14 changes gain 3.34 and
    /// lose 1.40, so the first RSI is 100 − 100 / (1 + 3.34 / 1.40) = 70.46 (the published table shows 70.53: it rounds the
    /// averages to two decimals first); the rest follow Wilder's recursion, recomputed here in doubles.
    /// </summary>
    [Fact]
    public void Rsi_WildersWorkedExample()
    {
        decimal[] closes = [44.34m, 44.09m, 44.15m, 43.61m, 44.33m, 44.83m, 45.10m, 45.42m, 45.84m, 46.08m, 45.89m, 46.03m, 45.61m, 46.28m, 46.28m, 46.00m, 46.03m, 46.41m, 46.22m, 45.64m];
        var rsi = new Rsi(14);
        var values = new List<double>();
        foreach (var close in closes)
        {
            rsi.Update(close);
            if (rsi.IsReady)
            {
                values.Add((double)rsi.Value);
            }
        }

        var (gain, loss) = (3.34 / 14, 1.40 / 14);
        var expected = new List<double> { 100 - (100 / (1 + (gain / loss))) };
        for (var i = 15; i < closes.Length; i++)
        {
            var change = (double)(closes[i] - closes[i - 1]);
            (gain, loss) = (((gain * 13) + Math.Max(change, 0)) / 14, ((loss * 13) + Math.Max(-change, 0)) / 14);
            expected.Add(100 - (100 / (1 + (gain / loss))));
        }

        Assert.Equal(70.46, Math.Round(values[0], 2));
        Assert.Equal(expected.Count, values.Count);
        Assert.All(expected.Zip(values), pair => Assert.Equal(pair.First, pair.Second, 9));
    }

    [Fact]
    public void SmaAndEma_HandWorked()
    {
        var (sma, ema) = (new Sma(3), new Ema(3));
        var emas = new List<decimal>();
        foreach (var value in new[] { 1m, 2m, 3m, 4m, 5m })
        {
            sma.Update(value);
            ema.Update(value);
            if (ema.IsReady)
            {
                emas.Add(ema.Value);
            }
        }

        // SMA of 3, 4, 5; EMA seeded with the SMA of 1, 2, 3 (2), then α = 0.5: 2 + (4 − 2)/2 = 3, 3 + (5 − 3)/2 = 4.
        Assert.Equal(4m, sma.Value);
        Assert.Equal([2m, 3m, 4m], emas);
        Assert.Throws<InvalidOperationException>(() => new Sma(3).Value);
    }

    [Fact]
    public void Atr_HandWorked()
    {
        var atr = new Atr(3);
        atr.Update(Bar(10, 8, 9));    // TR 2 (high − low)
        atr.Update(Bar(11, 9, 10));   // TR max(2, |11 − 9|, |9 − 9|) = 2
        Assert.False(atr.IsReady);
        atr.Update(Bar(12, 9, 11));   // TR max(3, 2, 1) = 3 → ATR (2 + 2 + 3)/3
        Assert.Equal(decimal.Round(7m / 3m, 20), decimal.Round(atr.Value, 20));
        atr.Update(Bar(13, 12, 12.5m)); // gap: TR max(1, |13 − 11|, |12 − 11|) = 2 → (7/3 × 2 + 2)/3
        Assert.Equal(decimal.Round(20m / 9m, 20), decimal.Round(atr.Value, 20));
    }

    [Fact]
    public void BollingerAndDonchian_HandWorked()
    {
        var bands = new Bollinger(20, 2m);
        var channel = new Donchian(3);
        for (var i = 1; i <= 20; i++)
        {
            bands.Update(i);
            channel.Update(Bar(i + 1, i - 1, i));
        }

        // 1..20: mean 10.5, population deviation √((20² − 1)/12) = 5.76628…
        Assert.Equal(10.5m, bands.Middle);
        Assert.Equal(10.5 + (2 * Math.Sqrt(399.0 / 12)), (double)bands.Upper, 6);
        Assert.Equal(10.5 - (2 * Math.Sqrt(399.0 / 12)), (double)bands.Lower, 6);
        Assert.Equal(21m, channel.Upper);
        Assert.Equal(17m, channel.Lower);
    }

    private static Candle Bar(decimal high, decimal low, decimal close) => new(0, close, high, low, close, 1, 59_999);
}
