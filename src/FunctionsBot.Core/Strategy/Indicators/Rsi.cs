namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>
/// Wilder's relative strength index of closes: average gain and loss over <see cref="Period"/> changes with Wilder's
/// smoothing; 100 when nothing was lost. Ready after period + 1 closes.
/// </summary>
public sealed class Rsi
{
    private readonly WilderAverage _gain;
    private readonly WilderAverage _loss;
    private decimal? _previous;

    public Rsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        (_gain, _loss) = (new WilderAverage(period), new WilderAverage(period));
    }

    public int Period { get; }

    public bool IsReady => _gain.IsReady;

    public decimal Value => !IsReady ? throw Indicator.NotReady(nameof(Rsi), Period + 1)
        : _loss.Value == 0 ? 100m
        : 100m - (100m / (1m + (_gain.Value / _loss.Value)));

    public void Update(decimal close)
    {
        if (_previous is { } previous)
        {
            var change = close - previous;
            _gain.Update(Math.Max(change, 0));
            _loss.Update(Math.Max(-change, 0));
        }

        _previous = close;
    }
}
