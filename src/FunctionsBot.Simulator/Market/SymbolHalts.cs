namespace FunctionsBot.Simulator.Market;

/// <summary>
/// Symbols the exchange took out of trading (exchangeInfo status <c>BREAK</c>, <c>HALT</c> …) for a stretch of market
/// time. While halted a symbol takes no new orders (-2010 "Market is closed."), still takes cancels, and nothing on its
/// book trades: resting orders neither fill nor trigger.
/// </summary>
internal sealed class SymbolHalts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Status, DateTimeOffset From, DateTimeOffset Until)> _halts = new(StringComparer.Ordinal);

    public void Halt(string symbol, string status, DateTimeOffset from, DateTimeOffset until)
    {
        lock (_gate)
        {
            _halts[symbol] = (status, from, until);
        }
    }

    /// <summary>The symbol's status at market time <paramref name="at"/>.</summary>
    public string StatusAt(string symbol, DateTimeOffset at)
    {
        lock (_gate)
        {
            return _halts.TryGetValue(symbol, out var halt) && at >= halt.From && at < halt.Until ? halt.Status : "TRADING";
        }
    }
}
