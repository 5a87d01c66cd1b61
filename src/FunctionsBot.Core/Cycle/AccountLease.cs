namespace FunctionsBot.Core.Cycle;

/// <summary>The account's lease for work that must not be skipped: a busy lease is asked again every second until the wait runs out.</summary>
internal static class AccountLease
{
    public static async Task<ICycleLease> WaitAsync(ICycleLock cycleLock, string account, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + wait;
        while (true)
        {
            var attempt = await cycleLock.TryAcquireAsync(account, cancellationToken).ConfigureAwait(false);
            if (attempt.Lease is { } lease)
            {
                return lease;
            }

            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new LeaseBusyException(
                    $"The lease of account '{account}' stayed busy for {wait.TotalSeconds:0} s (a trade cycle or another reconciliation holds it); nothing was done. Try again (Reconcile__LeaseWaitSeconds).");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The account's lease could not be had within the wait; the work was not done.</summary>
public sealed class LeaseBusyException : Exception
{
    public LeaseBusyException()
    {
    }

    public LeaseBusyException(string message)
        : base(message)
    {
    }

    public LeaseBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
