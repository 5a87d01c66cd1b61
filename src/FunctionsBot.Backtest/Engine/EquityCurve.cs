namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// The account's equity after every step, folded as it goes so memory stays flat: drawdown and its longest duration
/// exactly, one point an hour for the picture, one close a day for the ratios, and the share of steps with a position open.
/// </summary>
public sealed class EquityCurve(decimal start)
{
    private readonly List<EquityPoint> _hourly = [];
    private readonly List<decimal> _daily = [];
    private long _peakAt;
    private long _steps;
    private long _exposed;
    private long _lastHour = long.MinValue;
    private long _lastDay = long.MinValue;

    public decimal Start { get; } = start;

    public decimal Final { get; private set; } = start;

    public decimal Peak { get; private set; } = start;

    /// <summary>The deepest fall from a peak, as a fraction of the peak.</summary>
    public decimal MaxDrawdown { get; private set; }

    public TimeSpan MaxDrawdownDuration { get; private set; }

    public long FirstAt { get; private set; } = long.MinValue;

    public long LastAt { get; private set; }

    public IReadOnlyList<EquityPoint> Hourly => _hourly;

    /// <summary>Equity at the end of each day, the first day's start first.</summary>
    public IReadOnlyList<decimal> DailyCloses => _daily;

    public decimal Exposure => _steps == 0 ? 0 : (decimal)_exposed / _steps;

    public void Add(long at, decimal equity, bool exposed)
    {
        if (FirstAt == long.MinValue)
        {
            (FirstAt, _peakAt) = (at, at);
            _daily.Add(Start);
        }

        (LastAt, Final) = (at, equity);
        _steps++;
        _exposed += exposed ? 1 : 0;
        if (equity >= Peak)
        {
            (Peak, _peakAt) = (equity, at);
        }
        else
        {
            MaxDrawdown = Math.Max(MaxDrawdown, (Peak - equity) / Peak);
        }

        var underwater = TimeSpan.FromMilliseconds(at - _peakAt);
        if (underwater > MaxDrawdownDuration)
        {
            MaxDrawdownDuration = underwater;
        }

        var point = new EquityPoint(at, equity, Peak == 0 ? 0 : (equity - Peak) / Peak);
        var (hour, day) = (at / 3_600_000, at / 86_400_000);
        if (hour == _lastHour)
        {
            _hourly[^1] = point;
        }
        else
        {
            _hourly.Add(point);
            _lastHour = hour;
        }

        if (day == _lastDay)
        {
            _daily[^1] = equity;
        }
        else
        {
            _daily.Add(equity);
            _lastDay = day;
        }
    }
}

/// <summary>Equity at a time (Unix ms) and its drawdown from the peak so far (≤ 0).</summary>
public readonly record struct EquityPoint(long At, decimal Equity, decimal Drawdown);
