namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>Wilder's smoothing: the simple average of the first <c>period</c> values, then (previous × (n − 1) + value) / n.</summary>
internal sealed class WilderAverage(int period)
{
    private int _count;
    private decimal _value;

    public bool IsReady => _count >= period;

    public decimal Value => _value;

    public void Update(decimal value)
    {
        if (_count < period)
        {
            _value += value / period;
            _count++;
            return;
        }

        _value = ((_value * (period - 1)) + value) / period;
    }
}
