using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>
/// Wilder's average true range: the true range is the largest of high − low, |high − previous close| and |low − previous
/// close| (high − low for the first candle), smoothed with Wilder's average over <see cref="Period"/> candles.
/// </summary>
public sealed class Atr
{
    private readonly WilderAverage _average;
    private decimal? _previousClose;

    public Atr(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _average = new WilderAverage(period);
    }

    public int Period { get; }

    public bool IsReady => _average.IsReady;

    public decimal Value => IsReady ? _average.Value : throw Indicator.NotReady(nameof(Atr), Period);

    public void Update(Candle candle)
    {
        var range = candle.High - candle.Low;
        if (_previousClose is { } close)
        {
            range = Math.Max(range, Math.Max(Math.Abs(candle.High - close), Math.Abs(candle.Low - close)));
        }

        _average.Update(range);
        _previousClose = candle.Close;
    }
}
