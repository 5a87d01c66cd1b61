using System.Globalization;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Every simulator fault, armed on order placement alone while one bot trades: on the OPOCO lists its entries are and
/// on single orders (its MARKET exits, an entry that goes alone). No order is placed twice, nothing the exchange holds is
/// missing from the ledger, outages open the breaker at its threshold and one probe closes it, and unknown outcomes
/// are recovered by client order id (an OPOCO's by its working order).
/// </summary>
[Collection("Drills")]
public sealed class FaultTests(AzuriteFixture azurite)
{
    /// <summary>The placements the faults are armed on, each phase on both.</summary>
    private static readonly string[] Placements = ["POST /api/v3/orderList/opoco", "POST /api/v3/order"];

    private sealed record Phase(string Name, Func<SimulatorProcess, string, Task> Arm, string Until);

    /// <summary>
    /// The phase's outcome is in the audit rows since it began (newest first). A breaker phase needs it closed after it
    /// opened: a fill between two failures resets the count (also audited BreakerClosed), and the armed faults are more
    /// than the threshold so that two in a row still come.
    /// </summary>
    private static bool Reached(Phase phase, List<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)> during) =>
        phase.Until == "BreakerClosed"
            ? during.FindIndex(a => a.Kind == "BreakerClosed") is var closed and >= 0 && during.Skip(closed).Any(a => a.Kind == "BreakerOpened")
            : during.Any(a => a.Kind == phase.Until);

    private static readonly Phase[] Phases =
    [
        new("429 with Retry-After", (s, placement) => s.ArmAsync("RateLimit", count: 3, retryAfterSeconds: 1, request: placement), "BreakerClosed"),
        new("418 with Retry-After", (s, placement) => s.ArmAsync("Ban", count: 3, retryAfterSeconds: 1, request: placement), "BreakerClosed"),
        new("-1021 again after the resync", (s, placement) => s.ArmAsync("InvalidTimestamp", count: 6, request: placement), "BreakerClosed"),
        new("503 before placement", (s, placement) => s.ArmAsync("ServerErrorBeforePlace", count: 3, status: 503, request: placement), "BreakerClosed"),
        new("502 after placement, then not found for 3 s", async (s, placement) =>
        {
            await s.ArmAsync("OrderNotFound", durationMs: 3000, request: placement);
            await s.ArmAsync("ServerErrorAfterPlace", status: 502, request: placement);
        }, "IntentRecovered"),
        // Later than the client's 1 s timeout but well within the 3.5 s recvWindow: the exchange still executes it.
        new("reply later than the 1 s timeout", (s, placement) => s.ArmAsync("Latency", latencyMs: 1700, request: placement), "IntentRecovered"),
    ];

    [Fact]
    public async Task EachPlacementFault_NoDuplicate_BreakerOpensAtThresholdAndClosesAfterProbe_UnknownsRecovered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        var bot = await rig.StartBotAsync(rig.Settings(
            ("Risk__BreakerFailures", "2"), ("Risk__BreakerOpenSeconds", "3"), ("Binance__RequestTimeoutSeconds", "1"), ("Binance__RecvWindowMs", "3500"),
            // A delayed placement executes minutes of market time (x300) after it was priced: a wide cap and wide levels keep
            // it fillable and its pending OCO's prices valid, so the phase is about the unknown outcome, not about a refusal.
            ("Strategy__MaxSlippagePercent", "5"), ("Strategy__StopLossPercent", "3"), ("Strategy__TakeProfitPercent", "3")));
        var figures = new List<string>();

        foreach (var phase in Phases)
        {
            var before = await rig.AuditAsync();
            var started = DateTimeOffset.UtcNow;
            foreach (var placement in Placements)
            {
                await phase.Arm(rig.Simulator, placement);
            }

            var deadline = started.AddSeconds(90);
            var audit = before;
            while (!Reached(phase, audit.Take(audit.Count - before.Count).ToList()) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                audit = await rig.AuditAsync();

                // Breaker opens and closes, fills follow: the audit chain holds throughout. (A 418 ban answers 503 while it lasts.)
                using var response = await bot.Client.GetAsync("api/health/verbose", ct);
                var health = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK || health.Contains("banned this IP (HTTP 418)", StringComparison.Ordinal), health);
                Assert.DoesNotContain("Audit chain broken", health, StringComparison.Ordinal);
            }

            using (await rig.Simulator.Admin.DeleteAsync("admin/faults", ct))
            {
            }

            var during = audit.Take(audit.Count - before.Count).ToList();
            Assert.True(Reached(phase, during), $"phase '{phase.Name}': no {phase.Until} within 90 s{Environment.NewLine}{TradingRig.Diagnosis(audit, bot)}");
            if (phase.Until == "BreakerClosed")
            {
                var opened = during.LastOrDefault(a => a.Kind == "BreakerOpened");
                Assert.True(opened.Kind is not null, $"phase '{phase.Name}': the breaker closed without having opened{Environment.NewLine}{TradingRig.Diagnosis(audit, bot)}");
                Assert.True(int.Parse(opened.Data["failures"], CultureInfo.InvariantCulture) >= 2, opened.Message);
            }

            figures.Add(string.Create(CultureInfo.InvariantCulture, $"{phase.Name}: {phase.Until} after {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s, breaker opened {during.Count(a => a.Kind == "BreakerOpened")}x"));
        }

        // Faults cleared, breaker closed: health returns to Healthy, and the bot is stopped between cycles with no intent in
        // flight (an exit the last cycle sent is booked by that cycle; stopping the bot just before would leave it Closing).
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await bot.Client.GetAsync("api/health/verbose", ct);
                var health = await response.Content.ReadAsStringAsync(ct);
                return (Health: health, InFlight: (await rig.PositionsAsync()).Count(p => p.Status is "Pending" or "Closing"));
            },
            seen => seen.Health.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal) && seen.InFlight == 0,
            TimeSpan.FromSeconds(30),
            seen => $"{seen.InFlight} intents in flight; health {seen.Health}",
            ct);
        await rig.StopBotsAsync();
        var orders = await rig.OrdersAsync();
        var positions = await rig.PositionsAsync();
        var chronological = (await rig.AuditAsync()).AsEnumerable().Reverse().ToList();

        // While the breaker is open no entry is attempted, unless a recovered fill closed it first.
        foreach (var opened in chronological.Where(a => a.Kind == "BreakerOpened"))
        {
            var openUntil = DateTimeOffset.Parse(opened.Data["openUntil"], CultureInfo.InvariantCulture);
            var nextEntry = chronological.FirstOrDefault(a => a.Kind == "EntryIntent" && a.At > opened.At);
            var closedBefore = chronological.Any(a => a.Kind == "BreakerClosed" && a.At > opened.At && (nextEntry.Kind is null || a.At < nextEntry.At));
            Assert.True(nextEntry.Kind is null || closedBefore || nextEntry.At >= openUntil, $"entry at {nextEntry.At:O} while the breaker was open until {openUntil:O}");
        }

        // No order twice; every order the exchange holds is in the ledger, and none of them was written off as failed.
        Assert.DoesNotContain(orders.GroupBy(o => o.ClientOrderId), g => g.Count() > 1);
        Assert.Contains("\"duplicateAttempts\":0", await rig.Simulator.Admin.GetStringAsync("admin/stats", ct), StringComparison.Ordinal);
        var ledgerIds = TradingRig.OrderIds(positions);
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId, ledgerIds));
        var atExchange = orders.Select(o => o.ClientOrderId).ToHashSet();
        Assert.DoesNotContain(positions, p => p.Status == "Failed" && atExchange.Contains(p.EntryClientOrderId));
        Assert.DoesNotContain(positions, p => p.Status is "Pending" or "Closing");

        Figures.Record($"faults on OPOCO entries and single orders, one bot, breaker threshold 2 / open 3 s: {orders.Count} orders, 0 duplicates, {positions.Count(p => p.Status == "Failed")} intents failed with no order; "
            + string.Join("; ", figures));
    }
}
