using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>Simulator faults during placement: no duplicate; the breaker opens at its threshold and closes after one probe.</summary>
[Collection("Drills")]
public sealed class FaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PlacementFaults_NoDuplicate_BreakerOpensThenClosesAfterProbe()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        await rig.Simulator.ArmAsync("ServerErrorAfterPlace", count: 1, status: 502);
        await rig.Simulator.ArmAsync("ServerErrorBeforePlace", count: 3, status: 503);
        var bot = await rig.StartBotAsync(rig.Settings(("Risk__BreakerFailures", "2"), ("Risk__BreakerOpenSeconds", "3")));

        var deadline = DateTimeOffset.UtcNow.AddSeconds(150);
        List<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)> audit = [];
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            audit = await rig.AuditAsync();
            if (audit.Any(a => a.Kind == "BreakerClosed") && audit.Any(a => a.Kind == "IntentRecovered") && audit.Count(a => a.Kind == "OrderFilled") >= 2)
            {
                break;
            }
        }

        await rig.StopBotsAsync();
        var orders = await rig.OrdersAsync();
        var positions = await rig.PositionsAsync();
        audit = await rig.AuditAsync();

        var diagnosis = TradingRig.Diagnosis(audit, bot);
        Assert.True(audit.Any(a => a.Kind == "BreakerOpened"), diagnosis);
        // While the breaker is open (3 s) no entry is attempted, unless a recovered fill closed it first.
        var chronological = audit.AsEnumerable().Reverse().ToList();
        foreach (var opened in chronological.Where(a => a.Kind == "BreakerOpened"))
        {
            var openUntil = DateTimeOffset.Parse(opened.Data["openUntil"], System.Globalization.CultureInfo.InvariantCulture);
            var nextEntry = chronological.FirstOrDefault(a => a.Kind == "EntryIntent" && a.At > opened.At);
            var closedBefore = chronological.Any(a => a.Kind == "BreakerClosed" && a.At > opened.At && (nextEntry.Kind is null || a.At < nextEntry.At));
            Assert.True(nextEntry.Kind is null || closedBefore || nextEntry.At >= openUntil, $"entry at {nextEntry.At:O} while the breaker was open until {openUntil:O}");
        }

        Assert.True(audit.Any(a => a.Kind == "BreakerClosed"), diagnosis);
        Assert.True(audit.Any(a => a.Kind == "IntentRecovered"), diagnosis);
        Assert.DoesNotContain(orders.GroupBy(o => o.ClientOrderId), g => g.Count() > 1);
        var ledgerIds = TradingRig.OrderIds(positions);
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, ledgerIds));
        Figures.Record($"faults: 1x 502 after placement, 3x 503 before placement; {orders.Count} orders, 0 duplicates, breaker opened {audit.Count(a => a.Kind == "BreakerOpened")}x and closed {audit.Count(a => a.Kind == "BreakerClosed")}x");
    }
}
