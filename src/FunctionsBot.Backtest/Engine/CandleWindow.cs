using System.Collections;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// The last closed candles of one symbol, at most the strategy's warm-up, in a ring: memory stays flat however long the
/// history. The list a cycle reads is a view, valid for that cycle.
/// </summary>
internal sealed class CandleWindow(int size) : IReadOnlyList<Candle>
{
    private readonly Candle[] _ring = new Candle[Math.Max(size, 1)];
    private int _start;

    public int Count { get; private set; }

    public Candle this[int index] => (uint)index < (uint)Count ? _ring[(_start + index) % _ring.Length] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(Candle candle)
    {
        if (Count < _ring.Length)
        {
            _ring[(_start + Count++) % _ring.Length] = candle;
            return;
        }

        _ring[_start] = candle;
        _start = (_start + 1) % _ring.Length;
    }

    public IEnumerator<Candle> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
