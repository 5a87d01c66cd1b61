using FunctionsBot.Core.Cycle;

namespace FunctionsBot.Core.Tests.Fakes;

internal sealed class FakeCycleLock : ICycleLock
{
    public bool Busy { get; set; }

    /// <summary>The next lease is lost as soon as it is granted.</summary>
    public bool LoseLease { get; set; }

    public FakeLease? LastLease { get; private set; }

    /// <summary>Applied to each lease as it is granted.</summary>
    public Action<FakeLease>? OnGrant { get; set; }

    public Task<LockAttempt> TryAcquireAsync(string account, CancellationToken cancellationToken)
    {
        if (Busy)
        {
            return Task.FromResult(LockAttempt.Busy);
        }

        LastLease = new FakeLease();
        if (LoseLease)
        {
            LastLease.Lose();
        }

        OnGrant?.Invoke(LastLease);

        return Task.FromResult(LockAttempt.Acquired(LastLease));
    }

    internal sealed class FakeLease : ICycleLease
    {
        private readonly CancellationTokenSource _lost = new();

        public CancellationToken LostToken => _lost.Token;

        public bool IsLost => _lost.IsCancellationRequested;

        public bool Released { get; private set; }

        /// <summary>How long the lease is held for from now, as the lock service last confirmed.</summary>
        public TimeSpan Remaining { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The lease is lost at this call of <see cref="EnsureRemainingAsync"/> (1-based); 0 never.</summary>
        public int LoseAtEnsureCall { get; set; }

        public int EnsureCalls { get; private set; }

        public Task<bool> EnsureRemainingAsync(TimeSpan needed, CancellationToken cancellationToken)
        {
            if (++EnsureCalls == LoseAtEnsureCall)
            {
                Lose();
            }

            return Task.FromResult(!IsLost && Remaining >= needed);
        }

        public void Lose() => _lost.Cancel();

        public ValueTask DisposeAsync()
        {
            Released = true;
            return ValueTask.CompletedTask;
        }
    }
}
