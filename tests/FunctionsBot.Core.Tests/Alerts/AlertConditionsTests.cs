using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Alerts;

public sealed class AlertConditionsTests
{
    internal static readonly AlertRules Rules = new(RecoveryGraceSeconds: 60, FailedCyclesInARow: 3, LongBackOff: TimeSpan.FromMinutes(5), UnprotectedCycles: 2, ListsAtExchange: true);

    private static readonly DateTimeOffset Now = TestClock.Start;

    [Fact]
    public void Evaluate_QuietLedger_NoCondition()
    {
        Assert.Empty(AlertConditions.Evaluate(new LedgerSnapshot(null, [], [], []), "main", Now, Rules));
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

        var conditions = AlertConditions.Evaluate(snapshot, "main", Now, Rules);

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

        Assert.Empty(AlertConditions.Evaluate(new LedgerSnapshot(new Versioned<RiskState>(state, "1"), [], [], []) { Reconciliation = report }, "main", Now, Rules));
    }

    [Fact]
    public void Evaluate_KeysRefused_CriticalWithTheCodeAndWhatToDo()
    {
        var state = RiskState.Initial("main") with { Exchange = Status() with { KeysRefused = "GET /api/v3/openOrderList failed: HTTP 400, code -1022 \"Signature for this request is not valid.\"", KeysRefusedAt = Now } };

        var condition = Assert.Single(AlertConditions.Evaluate(Snapshot(state), "main", Now, Rules));

        Assert.Equal(("exchange-keys", "exchange-keys-refused", "critical"), (condition.Key, condition.Kind, condition.Severity));
        Assert.Contains("-1022", condition.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault", condition.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(418, 60, true)] // a ban is always an alert
    [InlineData(429, 301, true)] // longer than Alerts__BackOffMinutes (5)
    [InlineData(429, 299, false)] // a short back-off is the breaker's business
    public void Evaluate_BanOrLongBackOff_Alerted(int status, int seconds, bool alerted)
    {
        var state = RiskState.Initial("main") with { Exchange = Status() with { BackOffStatus = status, BackOffUntil = Now.AddSeconds(seconds) } };

        var conditions = AlertConditions.Evaluate(Snapshot(state), "main", Now, Rules);

        Assert.Equal(alerted, conditions.Any(c => c.Kind == "exchange-backing-off" && c.Message.Contains($"HTTP {status}", StringComparison.Ordinal)));
        Assert.Empty(AlertConditions.Evaluate(Snapshot(state), "main", Now.AddSeconds(seconds + 1), Rules)); // over once the time passed
    }

    [Fact]
    public void Evaluate_PositionWithoutAListBeyondTheCycles_NamedWithTheReason()
    {
        var state = RiskState.Initial("main") with { CycleCount = 10 };
        Position Open(long sequence, long? since, Protection? protection = null) => new()
        {
            Sequence = sequence, Symbol = "ETHUSDT", Status = PositionStatus.Open, EntryClientOrderId = $"fb-{sequence}-e", Quantity = 0.01m, CreatedAt = Now, UnprotectedSinceCycle = since, Protection = protection,
        };
        var refused = new Protection { Attempt = 2, Status = ProtectionStatus.Failed, ListClientOrderId = "fb-1-p2", RequestedAt = Now, Problem = "-2010 the relationship of the prices", Failures = 2 };
        var active = refused with { Status = ProtectionStatus.Active, Problem = null };
        var snapshot = new LedgerSnapshot(new Versioned<RiskState>(state, "1"), [Open(1, 7, refused), Open(2, 8), Open(3, null, active)], [], []);

        var conditions = AlertConditions.Evaluate(snapshot, "main", Now, Rules);

        var condition = Assert.Single(conditions); // #2: 2 cycles is not more than 2; #3 is protected
        Assert.Equal(("position-unprotected:1", "3"), (condition.Key, condition.Numbers["cycles"]));
        Assert.Contains("-2010 the relationship of the prices", condition.Message, StringComparison.Ordinal);
        Assert.Empty(AlertConditions.Evaluate(snapshot, "main", Now, Rules with { ListsAtExchange = false })); // bot-side protection: no lists expected
    }

    private static LedgerSnapshot Snapshot(RiskState state) => new(new Versioned<RiskState>(state, "1"), [], [], []);

    private static Core.Exchange.ExchangeStatus Status() => new(Now, 10, null, null, null, "Settings", null, null, null, null, 0, 0);
}
