namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>Simple moving average of the last <see cref="Period"/> values, with a running sum.</summary>
public sealed class Sma
{
    private readonly Window _window;
    private decimal _sum;

    public Sma(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _window = new Window(period);
    }

    public int Period { get; }

    public bool IsReady => _window.IsFull;

    public decimal Value => IsReady ? _sum / Period : throw Indicator.NotReady(nameof(Sma), Period);

    public void Update(decimal value) => _sum += value - _window.Add(value);
}
