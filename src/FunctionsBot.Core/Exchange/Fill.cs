namespace FunctionsBot.Core.Exchange;

/// <summary>One execution of an order: price, base quantity, and the commission with the asset it was paid in.</summary>
public sealed record Fill(decimal Price, decimal Quantity, decimal Commission, string CommissionAsset);
