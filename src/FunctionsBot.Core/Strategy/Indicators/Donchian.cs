using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>Donchian channel: the highest high and lowest low of the last <see cref="Period"/> candles.</summary>
public sealed class Donchian
{
    private readonly Window _highs;
    private readonly Window _lows;

    public Donchian(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        (Period, _highs, _lows) = (period, new Window(period), new Window(period));
    }

    public int Period { get; }

    public bool IsReady => _highs.IsFull;

    public decimal Upper => IsReady ? Extreme(_highs, Math.Max) : throw Indicator.NotReady(nameof(Donchian), Period);

    public decimal Lower => IsReady ? Extreme(_lows, Math.Min) : throw Indicator.NotReady(nameof(Donchian), Period);

    public void Update(Candle candle)
    {
        _highs.Add(candle.High);
        _lows.Add(candle.Low);
    }

    private decimal Extreme(Window window, Func<decimal, decimal, decimal> pick)
    {
        var extreme = window[0];
        for (var i = 1; i < Period; i++)
        {
            extreme = pick(extreme, window[i]);
        }

        return extreme;
    }
}
