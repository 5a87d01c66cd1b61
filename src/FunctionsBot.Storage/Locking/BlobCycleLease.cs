using Azure;
using Azure.Storage.Blobs.Specialized;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Storage.Connection;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Storage.Locking;

/// <summary>
/// A held blob lease, renewed in the background. It counts as lost when a renewal is refused or
/// when the local clock passes the last confirmed expiry (measured from when the request was sent,
/// so it is never later than the service's).
/// </summary>
internal sealed partial class BlobCycleLease : ICycleLease
{
    private readonly BlobLeaseClient _client;
    private readonly string _account;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private long _expiresAtTicks;

    public BlobCycleLease(
        BlobLeaseClient client, string account, TimeSpan duration, TimeSpan renewEvery, DateTimeOffset requestedAt, TimeProvider time, ILogger logger)
    {
        _client = client;
        _account = account;
        _duration = duration;
        _time = time;
        _logger = logger;
        _expiresAtTicks = (requestedAt + duration).UtcTicks;
        _renewal = RenewAsync(renewEvery);
    }

    public CancellationToken LostToken => _lost.Token;

    public bool IsLost
    {
        get
        {
            if (!_lost.IsCancellationRequested && _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _expiresAtTicks))
            {
                MarkLost("the lease expired before it could be renewed");
            }

            return _lost.IsCancellationRequested;
        }
    }

    public async Task<bool> EnsureRemainingAsync(TimeSpan needed, CancellationToken cancellationToken)
    {
        if (IsLost || needed > _duration)
        {
            return false;
        }

        if (Remaining >= needed)
        {
            return true;
        }

        await RenewOnceAsync(cancellationToken).ConfigureAwait(false);
        return !IsLost && Remaining >= needed;
    }

    private TimeSpan Remaining => TimeSpan.FromTicks(Interlocked.Read(ref _expiresAtTicks) - _time.GetUtcNow().UtcTicks);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        if (!IsLost)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
                await _client.ReleaseAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
                LogReleased(_account);
            }
            catch (Exception ex) when (StorageFailure.Is(ex) || ex is OperationCanceledException)
            {
                // The lease then lapses on its own within its duration.
                LogReleaseFailed(ex, _account);
            }
        }

        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task RenewAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (IsLost)
                {
                    return;
                }

                if (!await RenewOnceAsync(_stop.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// One renewal: the expiry moves to a lease's duration after the request was sent. A refusal marks the lease
    /// lost (false); a transient failure is logged and leaves the expiry as it was (IsLost turns true if it passes).
    /// </summary>
    private async Task<bool> RenewOnceAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        try
        {
            await _client.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _expiresAtTicks, (sentAt + _duration).UtcTicks);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            MarkLost($"the renewal was refused ({ex.ErrorCode})");
            return false;
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            LogRenewFailed(ex, _account);
        }

        return true;
    }

    private void MarkLost(string why)
    {
        if (!_lost.IsCancellationRequested)
        {
            LogLost(_account, why);
            _lost.Cancel();
        }
    }
}
