namespace FunctionsBot.Core.Cycle;

/// <summary>The result of one attempt to take a cycle lock: acquired with its lease, or busy.</summary>
public sealed class LockAttempt
{
    private LockAttempt(ICycleLease? lease) => Lease = lease;

    public static LockAttempt Busy { get; } = new(null);

    public ICycleLease? Lease { get; }

    public bool IsAcquired => Lease is not null;

    public static LockAttempt Acquired(ICycleLease lease) => new(lease ?? throw new ArgumentNullException(nameof(lease)));
}
