using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Cycle;

public sealed record CycleResult(CycleOutcome Outcome, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
