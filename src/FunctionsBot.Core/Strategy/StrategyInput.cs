using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Strategy;

/// <summary>
/// What a strategy sees of one symbol: its last closed candles, oldest first (at most the strategy's warm-up, fewer early
/// in a market's history), the symbol's open position if any, and the cycle's time. Never the candle still forming: the
/// exchange adapters read closed candles only (<see cref="Exchange.IExchange.GetClosedCandlesAsync"/>; Binance's drops the
/// last kline, the one forming). Their times are the exchange's: a simulator's fast market clock runs ahead of <see cref="Now"/>.
/// </summary>
public sealed record StrategyInput(string Symbol, IReadOnlyList<Candle> Candles, Position? Position, DateTimeOffset Now);
