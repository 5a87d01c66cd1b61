namespace FunctionsBot.Core.Risk;

/// <summary>A proposed entry: symbol, quote size and what it loses if its stop is hit.</summary>
public sealed record RiskRequest(string Symbol, decimal Quote, decimal LossAtStop);
