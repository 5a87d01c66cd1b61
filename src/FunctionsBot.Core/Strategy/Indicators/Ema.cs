namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>
/// Exponential moving average with α = 2 / (period + 1), seeded with the simple average of the first
/// <see cref="Period"/> values (the convention of StockCharts and TA-Lib).
/// </summary>
public sealed class Ema
{
    private readonly Sma _seed;
    private readonly decimal _alpha;
    private decimal _value;

    public Ema(int period)
    {
        _seed = new Sma(period);
        _alpha = 2m / (period + 1);
    }

    public int Period => _seed.Period;

    public bool IsReady { get; private set; }

    public decimal Value => IsReady ? _value : throw Indicator.NotReady(nameof(Ema), Period);

    public void Update(decimal value)
    {
        if (IsReady)
        {
            _value += _alpha * (value - _value);
            return;
        }

        _seed.Update(value);
        if (_seed.IsReady)
        {
            _value = _seed.Value;
            IsReady = true;
        }
    }
}
