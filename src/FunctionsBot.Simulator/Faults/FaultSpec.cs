namespace FunctionsBot.Simulator.Faults;

/// <summary>The body of <c>POST /admin/faults</c>.</summary>
internal sealed record FaultSpec(FaultKind Kind, int Count = 1, int RetryAfterSeconds = 2, int LatencyMs = 0, int DurationMs = 0, int Status = 503);
