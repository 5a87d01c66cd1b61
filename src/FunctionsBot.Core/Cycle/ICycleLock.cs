namespace FunctionsBot.Core.Cycle;

/// <summary>
/// Mutual exclusion for one account's cycle across processes, instances and deployments.
/// </summary>
public interface ICycleLock
{
    /// <summary>Tries to take the account's lock once; a held lock is <see cref="LockAttempt.Busy"/>, not an error.</summary>
    Task<LockAttempt> TryAcquireAsync(string account, CancellationToken cancellationToken);
}
