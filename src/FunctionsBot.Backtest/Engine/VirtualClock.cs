using FunctionsBot.Core.Cycle;

namespace FunctionsBot.Backtest.Engine;

/// <summary>The backtest's clock: it stands where the history is, and moves only when the history does.</summary>
internal sealed class VirtualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The account's lock in a backtest: one cycle at a time by construction, so always free and never lost.</summary>
internal sealed class BacktestLock : ICycleLock, ICycleLease
{
    public CancellationToken LostToken => CancellationToken.None;

    public bool IsLost => false;

    public Task<LockAttempt> TryAcquireAsync(string account, CancellationToken cancellationToken) => Task.FromResult(LockAttempt.Acquired(this));

    public Task<bool> EnsureRemainingAsync(TimeSpan needed, CancellationToken cancellationToken) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
