using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Health;

/// <summary>The checks of one health report share one ledger read.</summary>
public sealed class HealthLedgerTests
{
    [Fact]
    public async Task EveryCheckOfAReport_OnePartitionQuery_NoStateRead()
    {
        var store = new InMemoryLedgerStore();
        store.Put(RiskState.Initial("main") with { CycleCount = 7 });
        var time = TestClock.Create();
        var ledger = new HealthLedger(store, Options.Create(new BotOptions { Account = "main" }), time);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.SnapshotAsync(TestContext.Current.CancellationToken)));

        Assert.All(snapshots, s => Assert.Equal(7, s.State!.Value.Value.CycleCount));
        Assert.Equal((1, 0), (store.Loads, store.StateReads));

        // The next report reads anew.
        store.Put(RiskState.Initial("main") with { CycleCount = 8 });
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(8, (await ledger.SnapshotAsync(TestContext.Current.CancellationToken)).State!.Value.Value.CycleCount);
        Assert.Equal(2, store.Loads);
    }
}
