namespace FunctionsBot.Core.Strategy.Indicators;

/// <summary>The last <c>size</c> values added, oldest first, in a ring: adding is O(1) and allocates nothing.</summary>
internal sealed class Window(int size)
{
    private readonly decimal[] _values = new decimal[size];
    private int _next;

    public int Count { get; private set; }

    public bool IsFull => Count == _values.Length;

    /// <summary>The value <paramref name="back"/> places before the newest (0: the newest).</summary>
    public decimal this[int back] => _values[((_next - 1 - back) % _values.Length + _values.Length) % _values.Length];

    /// <summary>Adds a value; returns the one it pushed out (0 while the window is filling).</summary>
    public decimal Add(decimal value)
    {
        var leaving = IsFull ? _values[_next] : 0m;
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        Count = Math.Min(Count + 1, _values.Length);
        return leaving;
    }
}
