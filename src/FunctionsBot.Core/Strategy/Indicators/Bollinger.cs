namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>Bollinger bands: the simple average of the last <see cref="Period"/> closes ± <see cref="Width"/> population standard deviations.</summary>
public sealed class Bollinger
{
    private readonly Window _window;
    private readonly decimal _width;
    private decimal _sum;

    public Bollinger(int period, decimal width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (Period, _width, _window) = (period, width, new Window(period));
    }

    public int Period { get; }

    public decimal Width => _width;

    public bool IsReady => _window.IsFull;

    public decimal Middle => IsReady ? _sum / Period : throw Indicator.NotReady(nameof(Bollinger), Period);

    public decimal Upper => Middle + (_width * Deviation());

    public decimal Lower => Middle - (_width * Deviation());

    public void Update(decimal close) => _sum += close - _window.Add(close);

    private decimal Deviation()
    {
        var mean = Middle;
        var squares = 0m;
        for (var i = 0; i < Period; i++)
        {
            var d = _window[i] - mean;
            squares += d * d;
        }

        return (decimal)Math.Sqrt((double)(squares / Period));
    }
}
