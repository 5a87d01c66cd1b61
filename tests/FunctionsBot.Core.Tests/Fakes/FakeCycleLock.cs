using FunctionsBot.Core.Cycle;

namespace FunctionsBot.Core.Tests.Fakes;

internal sealed class FakeCycleLock : ICycleLock
{
    public bool Busy { get; set; }

    /// <summary>The next lease is lost as soon as it is granted.</summary>
    public bool LoseLease { get; set; }

    public FakeLease? LastLease { get; private set; }

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

        return Task.FromResult(LockAttempt.Acquired(LastLease));
    }

    internal sealed class FakeLease : ICycleLease
    {
        private readonly CancellationTokenSource _lost = new();

        public CancellationToken LostToken => _lost.Token;

        public bool IsLost => _lost.IsCancellationRequested;

        public bool Released { get; private set; }

        public void Lose() => _lost.Cancel();

        public ValueTask DisposeAsync()
        {
            Released = true;
            return ValueTask.CompletedTask;
        }
    }
}
