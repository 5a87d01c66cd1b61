namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The breaker on consecutive exchange failures: closed, open until a time, then half-open for one
/// probe. Persisted in the state row so every instance sees the same breaker.
/// </summary>
public sealed record CircuitBreakerState(int ConsecutiveFailures, DateTimeOffset? OpenUntil, int Trips)
{
    public static CircuitBreakerState Closed { get; } = new(0, null, 0);

    public bool IsOpenAt(DateTimeOffset now) => OpenUntil is { } until && now < until;

    /// <summary>Open time has passed: the next exchange call is the probe.</summary>
    public bool IsHalfOpenAt(DateTimeOffset now) => OpenUntil is { } until && now >= until;
}
