using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Four bot processes trade one account on one ledger, every second, with a limit a race would break
/// (one open position across three symbols). The lease and the state row's ETag must hold it.
/// </summary>
[Collection("Drills")]
public sealed class RaceTests(AzuriteFixture azurite)
{
    private const int Processes = 4;
    private const int MinCycles = 20;
    private const int MinOrders = 4;

    [Fact]
    public async Task FourProcessesOneLedger_NoLimitExceeded_NoDuplicateOrder_EveryOrderInTheLedger()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        var settings = rig.Settings();
        await Task.WhenAll(Enumerable.Range(0, Processes).Select(_ => rig.StartBotAsync(settings)));

        var deadline = DateTimeOffset.UtcNow.AddSeconds(150);
        // Protected positions can stay open for a while, so entries are rarer than cycles: run until the race has both.
        while ((rig.Bots.Any(b => b.CyclesRun < MinCycles) || (await rig.OrdersAsync()).Count < MinOrders) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var cycles = rig.Bots.Select(b => b.CyclesRun).ToList();
        await Task.WhenAll(rig.Bots.Select(b => b.StopAsync()));
        var orders = await rig.OrdersAsync();
        var positions = await rig.PositionsAsync();

        Assert.All(cycles, c => Assert.True(c >= MinCycles, $"cycles per process: {string.Join(", ", cycles)}"));
        Assert.True(orders.Count >= MinOrders, $"only {orders.Count} orders were placed; the race proves little");

        // No duplicate client order id at the exchange.
        Assert.DoesNotContain(orders.GroupBy(o => o.ClientOrderId), g => g.Count() > 1);
        var stats = await rig.Simulator.Admin.GetStringAsync("admin/stats", ct);
        Assert.Contains("\"duplicateAttempts\":0", stats, StringComparison.Ordinal);

        // Every order at the exchange is in the ledger.
        var ledgerIds = TradingRig.OrderIds(positions);
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, ledgerIds));

        // Never more than one position (pending, open or closing) at any instant.
        var events = positions.SelectMany(p => new[] { (At: p.CreatedAt, Delta: 1), (At: p.ClosedAt ?? DateTimeOffset.MaxValue, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        var open = 0;
        var maxOpen = 0;
        foreach (var (_, delta) in events)
        {
            open += delta;
            maxOpen = Math.Max(maxOpen, open);
        }

        Assert.Equal(1, maxOpen);
        Figures.Record($"race: {Processes} processes, cycles {string.Join("/", cycles)}, {orders.Count} orders, {positions.Count} positions, max open {maxOpen}");
    }
}
