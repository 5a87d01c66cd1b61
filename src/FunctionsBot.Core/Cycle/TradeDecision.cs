using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

/// <summary>What the decision stage wants for one symbol: nothing, an entry at about <see cref="Price"/>, or an exit of <see cref="Position"/>.</summary>
public sealed record TradeDecision(TradeAction Action, decimal Price, Position? Position = null, string? Reason = null)
{
    public static TradeDecision None { get; } = new(TradeAction.None, 0);
}

public enum TradeAction
{
    None,
    Enter,
    Exit,
}
