using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Strategy;

/// <summary>
/// What a strategy sees of one symbol: its last closed candles, oldest first (never the one still forming; at most the
/// strategy's warm-up, fewer early in a market's history), the symbol's open position if any, and the cycle's time.
/// </summary>
public sealed record StrategyInput(string Symbol, IReadOnlyList<Candle> Candles, Position? Position, DateTimeOffset Now);
