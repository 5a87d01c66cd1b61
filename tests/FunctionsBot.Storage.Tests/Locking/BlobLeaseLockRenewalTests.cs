using FunctionsBot.Testing;

namespace FunctionsBot.Storage.Tests.Locking;

/// <summary>Real lease durations on Azurite: the holder keeps a 15 s lease for 20 s by renewing it.</summary>
public sealed class BlobLeaseLockRenewalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Lease_RenewedWhileHeld_StaysHeldPastItsDuration()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = StorageTestContext.NewAccount();
        var holder = await StorageTestContext.Lock(azurite, leaseSeconds: 15, renewSeconds: 3).TryAcquireAsync(account, ct);
        Assert.True(holder.IsAcquired);
        var contender = StorageTestContext.Lock(azurite);

        await Task.Delay(TimeSpan.FromSeconds(20), ct);
        var attempt = await contender.TryAcquireAsync(account, ct);

        Assert.False(attempt.IsAcquired);
        Assert.False(holder.Lease!.IsLost);
        await holder.Lease.DisposeAsync();
        var afterRelease = await contender.TryAcquireAsync(account, ct);
        Assert.True(afterRelease.IsAcquired);
        await afterRelease.Lease!.DisposeAsync();
    }
}
