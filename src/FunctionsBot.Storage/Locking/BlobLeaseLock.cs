using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Storage.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Storage.Locking;

/// <summary>
/// The account's cycle lock: a lease on blob <c>locks/&lt;account&gt;</c>. A lease held elsewhere
/// is <see cref="LockAttempt.Busy"/>; an expired one is simply taken over.
/// </summary>
internal sealed partial class BlobLeaseLock(
    BlobServiceClient service,
    IOptions<LockOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : ICycleLock
{
    public const string ContainerName = "locks";

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(ContainerName);
    private readonly ConcurrentDictionary<string, OnceAsync> _blobs = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<BlobLeaseLock>();

    public async Task<LockAttempt> TryAcquireAsync(string account, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        var blob = _container.GetBlobClient(account);
        var leaseClient = blob.GetBlobLeaseClient();
        var duration = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        try
        {
            await _blobs.GetOrAdd(account, _ => new OnceAsync(ct => CreateBlobAsync(blob, ct))).RunAsync(cancellationToken).ConfigureAwait(false);
            var requestedAt = time.GetUtcNow();
            await leaseClient.AcquireAsync(duration, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogAcquired(account, leaseClient.LeaseId);
            return LockAttempt.Acquired(new BlobCycleLease(
                leaseClient, account, duration, TimeSpan.FromSeconds(options.Value.RenewSeconds), requestedAt, time, loggers.CreateLogger<BlobCycleLease>()));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            LogBusy(account, ex.ErrorCode);
            return LockAttempt.Busy;
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            throw new CycleLockException($"Could not take the lock of account '{account}' ({StorageFailure.Describe(ex)}).", ex);
        }
    }

    private async Task CreateBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there (412: there and leased by someone else).
        }
    }
}
