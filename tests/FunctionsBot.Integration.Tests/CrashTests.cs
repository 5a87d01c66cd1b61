using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The bot process is killed abruptly (Environment.FailFast) at each step of an order's life, then
/// restarted (the dead process's lease broken, not waited out): nothing is lost, nothing is placed twice, every
/// order is audited. Entries go as the defaults send them, an OPOCO (a LIMIT IOC entry with its OCO pending on it):
/// every list at the exchange is one the ledger wrote; one row sends the entry and its OCO separately.
/// </summary>
[Collection("Drills")]
public sealed class CrashTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("BeforeIntent", "Opoco")]
    [InlineData("AfterIntent", "Opoco")]
    [InlineData("AfterPost", "Opoco")]
    [InlineData("BeforeCommit", "Opoco")]
    [InlineData("AfterPost", "Separate")]
    public async Task KilledAtAStepAndRestarted_NoLostOrder_NoDuplicate_EveryOrderAudited(string crashPoint, string entryProtection)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        var protection = ("Strategy__EntryProtection", entryProtection);
        var crashing = await rig.StartBotAsync(rig.Settings(("Diagnostics__CrashAt", crashPoint), protection));
        var exitCode = await crashing.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Crash injected at {crashPoint}", crashing.Output, StringComparison.Ordinal);
        var ordersAtCrash = (await rig.OrdersAsync()).Count;
        await rig.BreakLeaseAsync();

        var restarted = await rig.StartBotAsync(rig.Settings(protection));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var resolvedSince = DateTimeOffset.MaxValue;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var unresolved = (await rig.PositionsAsync()).Count(p => p.Status is "Pending" or "Closing");
            resolvedSince = unresolved == 0 ? (resolvedSince == DateTimeOffset.MaxValue ? DateTimeOffset.UtcNow : resolvedSince) : DateTimeOffset.MaxValue;
            if (restarted.CyclesRun >= 5 && DateTimeOffset.UtcNow - resolvedSince > TimeSpan.FromSeconds(2))
            {
                break;
            }
        }

        await restarted.StopAsync();
        var orders = await rig.OrdersAsync();
        var positions = await rig.PositionsAsync();
        var audit = await rig.AuditAsync();

        Assert.DoesNotContain(positions, p => p.Status is "Pending" or "Closing");
        Assert.DoesNotContain(orders.GroupBy(o => o.ClientOrderId), g => g.Count() > 1);
        Assert.Contains("\"duplicateAttempts\":0", await rig.Simulator.Admin.GetStringAsync("admin/stats", ct), StringComparison.Ordinal);
        var ledgerIds = TradingRig.OrderIds(positions);
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, ledgerIds));
        var audited = audit.SelectMany(a => new[] { a.Data.GetValueOrDefault("entryClientOrderId"), a.Data.GetValueOrDefault("exitClientOrderId") }
            .Concat(a.Data.GetValueOrDefault("listClientOrderId") is { Length: > 0 } list ? [list + "s", list + "t"] : [])).ToHashSet();
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, audited));

        var first = positions.FirstOrDefault(p => p.EntryClientOrderId == rig.OrderPrefix + "1-e");
        switch (crashPoint)
        {
            case "AfterIntent":
                // The intent was written, the order never sent: failed after the grace window, never sent later.
                Assert.Equal("Failed", first?.Status);
                Assert.DoesNotContain(orders, o => o.ClientOrderId == rig.OrderPrefix + "1-e");
                break;
            case "AfterPost" or "BeforeCommit":
                // The order was placed but not committed: found by its client order id and committed. An OPOCO is three
                // orders at the exchange (the entry and its two pending legs), its list found through the entry.
                Assert.Equal(entryProtection == "Opoco" ? 3 : 1, ordersAtCrash);
                Assert.Contains(first?.Status, new[] { "Open", "Closed", "Dust" });
                var recovered = Assert.Single(audit, a => a.Kind == "IntentRecovered" && a.Data.GetValueOrDefault("clientOrderId") == rig.OrderPrefix + "1-e");
                Assert.Equal(entryProtection == "Opoco", recovered.Message.Contains("works at the exchange from the fill", StringComparison.Ordinal) || recovered.Message.Contains("its pending OCO", StringComparison.Ordinal));
                break;
            default:
                Assert.Equal(0, ordersAtCrash);
                break;
        }

        Figures.Record($"crash at {crashPoint} ({entryProtection} entries): orders at crash {ordersAtCrash}, after restart {orders.Count} orders, {positions.Count} positions, 0 unresolved, 0 duplicates, exit code {exitCode}");
    }
}
