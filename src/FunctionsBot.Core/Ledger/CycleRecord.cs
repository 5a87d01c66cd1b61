namespace FunctionsBot.Core.Ledger;

public sealed record CycleRecord(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, CycleOutcome Outcome);
