namespace FunctionsBot.Core.Cycle;

/// <summary>
/// A held cycle lock. It is renewed in the background while held; disposing releases it.
/// </summary>
public interface ICycleLease : IAsyncDisposable
{
    /// <summary>Cancelled as soon as the lease is known to be lost (renewal refused or overdue).</summary>
    CancellationToken LostToken { get; }

    /// <summary>True once the lease is lost; nothing more may be sent to the exchange under it.</summary>
    bool IsLost { get; }

    /// <summary>
    /// Makes sure the lease is held for at least <paramref name="needed"/> more, renewing it now if less is
    /// left. False when it cannot be (lost, the renewal failed, or more than a lease's duration was asked):
    /// then nothing that needs that long may start under it.
    /// </summary>
    Task<bool> EnsureRemainingAsync(TimeSpan needed, CancellationToken cancellationToken);
}
