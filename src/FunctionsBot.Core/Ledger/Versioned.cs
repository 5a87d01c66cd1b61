namespace FunctionsBot.Core.Ledger;

/// <summary>A value read from the ledger with the opaque version (ETag) a later write must match.</summary>
public readonly record struct Versioned<T>(T Value, string Version);
