using FunctionsBot.Core.Booking;

namespace FunctionsBot.Core.Strategy;

/// <summary>
/// A strategy's answer for one symbol. <see cref="Tag"/> names why (it is kept on the position and in reports).
/// <see cref="ExitLevels"/> and <see cref="QuoteSize"/> ask for an entry's stop-loss and take-profit and its size in quote
/// instead of <c>Strategy__StopLossPercent</c>, <c>Strategy__TakeProfitPercent</c> and <c>Strategy__TradeQuote</c>; they are
/// asks: the entry is still shaped to the filters and judged by the risk rules (a size over <c>Risk__MaxTradeQuote</c> or a
/// stop risking more than <c>Risk__MaxLossPerTradeQuote</c> is refused).
/// </summary>
public sealed record StrategyDecision(Signal Signal, string Tag, ExitLevels? ExitLevels = null, decimal? QuoteSize = null)
{
    public static StrategyDecision Hold { get; } = new(Signal.Hold, string.Empty);

    public static StrategyDecision Enter(string tag, ExitLevels? levels = null, decimal? quoteSize = null) => new(Signal.Enter, tag, levels, quoteSize);

    public static StrategyDecision Exit(string tag) => new(Signal.Exit, tag);
}
