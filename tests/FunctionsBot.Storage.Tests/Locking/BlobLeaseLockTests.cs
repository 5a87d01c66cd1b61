using Azure.Storage.Blobs.Specialized;
using FunctionsBot.Storage.Locking;
using FunctionsBot.Testing;

namespace FunctionsBot.Storage.Tests.Locking;

public sealed class BlobLeaseLockTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TryAcquireAsync_EightContendersAtOnce_ExactlyOneWins()
    {
        var account = StorageTestContext.NewAccount();
        var locks = Enumerable.Range(0, 8).Select(_ => StorageTestContext.Lock(azurite)).ToList();

        var attempts = await Task.WhenAll(locks.Select(l => l.TryAcquireAsync(account, TestContext.Current.CancellationToken)));

        Assert.Single(attempts, a => a.IsAcquired);
        Assert.Equal(7, attempts.Count(a => !a.IsAcquired));
        await attempts.Single(a => a.IsAcquired).Lease!.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_ReleasesLease_NextContenderAcquiresAtOnce()
    {
        var account = StorageTestContext.NewAccount();
        var first = await StorageTestContext.Lock(azurite).TryAcquireAsync(account, TestContext.Current.CancellationToken);
        Assert.True(first.IsAcquired);

        await first.Lease!.DisposeAsync();
        var second = await StorageTestContext.Lock(azurite).TryAcquireAsync(account, TestContext.Current.CancellationToken);

        Assert.True(second.IsAcquired);
        await second.Lease!.DisposeAsync();
    }

    [Fact]
    public async Task Lease_BrokenByAnotherClient_IsDetectedAsLost()
    {
        var account = StorageTestContext.NewAccount();
        var attempt = await StorageTestContext.Lock(azurite, leaseSeconds: 15, renewSeconds: 1).TryAcquireAsync(account, TestContext.Current.CancellationToken);
        var lease = attempt.Lease!;
        var lost = new TaskCompletionSource();
        lease.LostToken.Register(() => lost.TrySetResult());

        var blob = StorageTestContext.Blobs(azurite).GetBlobContainerClient(BlobLeaseLock.ContainerName).GetBlobClient(account);
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken);

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(lease.IsLost);
        await lease.DisposeAsync();
    }

    [Fact]
    public async Task EnsureRemainingAsync_RenewsWhenLessIsLeft_RefusesMoreThanALease_FalseOnceBroken()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = StorageTestContext.NewAccount();
        var attempt = await StorageTestContext.Lock(azurite, leaseSeconds: 15, renewSeconds: 5).TryAcquireAsync(account, ct);
        var lease = attempt.Lease!;
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        var renewed = await lease.EnsureRemainingAsync(TimeSpan.FromSeconds(14.5), ct); // 14 s left: renewed now
        var tooLong = await lease.EnsureRemainingAsync(TimeSpan.FromSeconds(16), ct);
        var blob = StorageTestContext.Blobs(azurite).GetBlobContainerClient(BlobLeaseLock.ContainerName).GetBlobClient(account);
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var afterBreak = await lease.EnsureRemainingAsync(TimeSpan.FromSeconds(14.5), ct); // the renewal is refused

        Assert.Equal((true, false, false), (renewed, tooLong, afterBreak));
        Assert.True(lease.IsLost);
        await lease.DisposeAsync();
    }
}
