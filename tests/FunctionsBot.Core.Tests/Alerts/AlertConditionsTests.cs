using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Alerts;

public sealed class AlertConditionsTests
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    [Fact]
    public void Evaluate_QuietLedger_NoCondition()
    {
        Assert.Empty(AlertConditions.Evaluate(new LedgerSnapshot(null, [], [], []), "main", Now, 60, 3));
    }

    [Fact]
    public void Evaluate_EveryConditionAPersonMustActOn_OneKeyEach()
    {
        var state = RiskState.Initial("main") with
        {
            KillSwitch = new KillSwitchState(true, Now, "risk:daily-loss-limit", "loss 51 of 50", KillSwitchMode.BlockEntries),
            Breaker = new CircuitBreakerState(3, Now.AddSeconds(30), 1),
            FailedCyclesInARow = 3,
            CredentialsProblem = "Key Vault secret 'binance-api-key' could not be read: 403",
        };
        Position Intent(long sequence, TimeSpan age) => new()
        {
            Sequence = sequence, Symbol = "BTCUSDT", Status = PositionStatus.Pending, EntryClientOrderId = $"fb-{sequence}-e", CreatedAt = Now - age,
        };
        var report = new ReconciliationReport(Now, "timer", Now.AddDays(-1), Now, 1, 2, 2, 2,
            [new ReportedDifference(DifferenceKind.AssetShortfall, "SOLUSDT", "short", 9m, AboveTolerance: true, "rc-1", Acknowledged: false),
             new ReportedDifference(DifferenceKind.FeesDiffer, "BTCUSDT", "tiny", 0.001m, AboveTolerance: false, null, Acknowledged: false)]);
        var overfilled = Intent(3, TimeSpan.Zero) with { Status = PositionStatus.Open, Overfill = "0.3 for 30 against 0.2 asked" };
        var snapshot = new LedgerSnapshot(new Versioned<RiskState>(state, "1"), [Intent(1, TimeSpan.FromSeconds(61)), Intent(2, TimeSpan.FromSeconds(5)), overfilled], [], []) { Reconciliation = report };

        var conditions = AlertConditions.Evaluate(snapshot, "main", Now, 60, 3);

        Assert.Equal(["kill-switch", "breaker", "intent-unknown:1", "entry-overfilled:3", "reconciliation", "cycle-failures", "credentials"], conditions.Select(c => c.Key));
        Assert.Equal("SOLUSDT", conditions.Single(c => c.Key == "reconciliation").Numbers["symbols"]);
        Assert.Contains("risk:daily-loss-limit", conditions[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DecidedOrSmallDifferencesAndFewerFailures_AreNotConditions()
    {
        var report = new ReconciliationReport(Now, "timer", Now.AddDays(-1), Now, 1, 2, 2, 2,
            [new ReportedDifference(DifferenceKind.UnknownBotOrder, "ETHUSDT", "rejected", 20m, AboveTolerance: true, "rc-2", Acknowledged: true)]);
        var state = RiskState.Initial("main") with { FailedCyclesInARow = 2 };

        Assert.Empty(AlertConditions.Evaluate(new LedgerSnapshot(new Versioned<RiskState>(state, "1"), [], [], []) { Reconciliation = report }, "main", Now, 60, 3));
    }
}
