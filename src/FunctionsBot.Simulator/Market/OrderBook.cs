using System.Collections.Concurrent;

namespace FunctionsBot.Simulator.Market;

/// <summary>
/// A simple book around the price path: the best level on each side sits at the path price, further levels
/// step away by the symbol's spacing (asks up, bids down, on the tick grid), and each level's quantity varies
/// deterministically with the symbol, side, level and market second. Liquidity is set per symbol
/// (<c>Simulator__Book*</c> for all, <c>POST /admin/liquidity</c> per symbol).
/// </summary>
internal sealed class OrderBook(Liquidity defaults)
{
    private readonly ConcurrentDictionary<string, Liquidity> _overrides = new(StringComparer.Ordinal);

    public Liquidity Default { get; private set; } = defaults;

    public Liquidity For(string symbol) => _overrides.TryGetValue(symbol, out var liquidity) ? liquidity : Default;

    public void Set(string? symbol, Liquidity liquidity)
    {
        if (symbol is null)
        {
            Default = liquidity;
            _overrides.Clear();
        }
        else
        {
            _overrides[symbol] = liquidity;
        }
    }

    /// <summary>The levels a taker on <paramref name="side"/> (BUY takes asks, SELL takes bids) meets, best first.</summary>
    public IReadOnlyList<(decimal Price, decimal Quantity)> Levels(SymbolSpec symbol, string side, DateTimeOffset marketTime)
    {
        var liquidity = For(symbol.Symbol);
        var second = marketTime.ToUnixTimeSeconds();
        var buying = side == "BUY";
        if (liquidity.Levels == 0 || Unit(symbol, buying ? 1 : 2, second, -1) * 100 < liquidity.EmptyBookPercent)
        {
            return [];
        }

        var path = PricePath.At(symbol, marketTime);
        var levels = new List<(decimal, decimal)>(liquidity.Levels);
        for (var k = 0; k < liquidity.Levels; k++)
        {
            var raw = path * (buying ? 1 + (k * liquidity.Spacing) : 1 - (k * liquidity.Spacing));
            var ticks = raw / symbol.TickSize;
            var price = (buying ? Math.Ceiling(ticks) : Math.Floor(ticks)) * symbol.TickSize;
            if (price <= 0)
            {
                break;
            }

            var quantity = LevelQuantity(symbol, liquidity, price, Unit(symbol, buying ? 3 : 4, second, k));
            if (quantity > 0)
            {
                levels.Add((price, quantity));
            }
        }

        return levels;
    }

    /// <summary>How much rests at a limit price when the path crosses it: one level's depth at that second.</summary>
    public decimal DepthAt(SymbolSpec symbol, string side, DateTimeOffset marketTime, decimal price)
    {
        var liquidity = For(symbol.Symbol);
        if (liquidity.Levels == 0)
        {
            return 0;
        }

        return LevelQuantity(symbol, liquidity, price, Unit(symbol, side == "BUY" ? 5 : 6, marketTime.ToUnixTimeSeconds(), 0));
    }

    /// <summary>One level's base quantity at <paramref name="price"/>: half to one and a half times the level's quote, down to the lot step.</summary>
    private static decimal LevelQuantity(SymbolSpec symbol, Liquidity liquidity, decimal price, double unit) =>
        Math.Floor(liquidity.LevelQuote * (0.5m + (decimal)unit) / price / symbol.StepSize) * symbol.StepSize;

    /// <summary>A deterministic number in [0, 1) for the symbol, a stream, a market second and a level.</summary>
    private static double Unit(SymbolSpec symbol, int stream, long second, int level) => SplitMix64.Unit(
        (ulong)BitConverter.DoubleToInt64Bits(symbol.Phase + 1) ^ ((ulong)stream * 0xD1B54A32D192ED03UL) ^ ((ulong)second * 0x9E3779B97F4A7C15UL) ^ ((ulong)(level + 1) * 0xBF58476D1CE4E5B9UL));
}
