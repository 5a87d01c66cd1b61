using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// What the decision stage wants for one symbol: nothing, an entry at about <see cref="Price"/> (as <see cref="Strategy"/>
/// asked it), or an exit of <see cref="Position"/>.
/// </summary>
public sealed record TradeDecision(TradeAction Action, decimal Price, Position? Position = null, string? Reason = null, StrategyDecision? Strategy = null)
{
    public static TradeDecision None { get; } = new(TradeAction.None, 0);
}

public enum TradeAction
{
    None,
    Enter,
    Exit,
}
