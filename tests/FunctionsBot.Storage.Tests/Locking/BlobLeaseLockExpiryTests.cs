using Azure.Storage.Blobs.Specialized;
using FunctionsBot.Storage.Locking;
using FunctionsBot.Testing;

namespace FunctionsBot.Storage.Tests.Locking;

/// <summary>Real lease durations on Azurite: these tests wait out a 15 s lease.</summary>
public sealed class BlobLeaseLockExpiryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TryAcquireAsync_HolderStoppedRenewing_TakesOverAfterExpiry()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = StorageTestContext.NewAccount();
        var created = await StorageTestContext.Lock(azurite).TryAcquireAsync(account, ct);
        await created.Lease!.DisposeAsync();

        // A holder that crashed: it took a 15 s lease and never renews or releases it.
        var blob = StorageTestContext.Blobs(azurite).GetBlobContainerClient(BlobLeaseLock.ContainerName).GetBlobClient(account);
        await blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15), cancellationToken: ct);
        var contender = StorageTestContext.Lock(azurite);
        Assert.False((await contender.TryAcquireAsync(account, ct)).IsAcquired);

        await Task.Delay(TimeSpan.FromSeconds(16), ct);
        var takeover = await contender.TryAcquireAsync(account, ct);

        Assert.True(takeover.IsAcquired);
        await takeover.Lease!.DisposeAsync();
    }
}
