using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Diagnostics;

/// <summary>The metrics count what the ledger committed: every audit record once, by kind and refusal code; every cycle by outcome.</summary>
public sealed class BotMetricsTests
{
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeCycleLock _lock = new();
    private readonly FakeExchange _exchange = new() { Closes = FakeExchange.CrossUp() };
    private readonly System.Diagnostics.Metrics.IMeterFactory _factory = TestMetrics.Factory();

    [Fact]
    public async Task Cycle_OneFillOneRefusal_EachAuditRecordCountedOnceByKindAndCode()
    {
        using var audit = new MetricCollector<long>(_factory, BotMetrics.MeterName, "functionsbot.audit.records");
        using var cycles = new MetricCollector<long>(_factory, BotMetrics.MeterName, "functionsbot.cycles");
        using var duration = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.cycle.duration");

        await RunAsync(new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0, MaxOpenPositions = 1 });

        var measurements = audit.GetMeasurementSnapshot();
        Assert.Equal(_ledger.Audit("main").Count, measurements.Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => Equals(m.Tags["kind"], "OrderFilled")).Sum(m => m.Value));
        var refusal = Assert.Single(measurements, m => Equals(m.Tags["kind"], "RiskRefused"));
        Assert.Equal("MaxOpenPositions", refusal.Tags["code"]);
        var cycle = Assert.Single(cycles.GetMeasurementSnapshot());
        Assert.Equal("Completed", cycle.Tags["outcome"]);
        Assert.Single(duration.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Cycle_LeaseBusy_CountedAsSkippedWithItsAuditRecord()
    {
        using var audit = new MetricCollector<long>(_factory, BotMetrics.MeterName, "functionsbot.audit.records");
        using var cycles = new MetricCollector<long>(_factory, BotMetrics.MeterName, "functionsbot.cycles");
        _lock.Busy = true;

        await RunAsync(new RiskOptions());

        Assert.Equal("Skipped", Assert.Single(cycles.GetMeasurementSnapshot()).Tags["outcome"]);
        Assert.Equal(nameof(AuditKind.CycleSkipped), Assert.Single(audit.GetMeasurementSnapshot()).Tags["kind"]);
    }

    [Fact]
    public async Task Cycle_LedgerUnreadable_CountedAsFailed()
    {
        using var cycles = new MetricCollector<long>(_factory, BotMetrics.MeterName, "functionsbot.cycles");
        _ledger.FailReadsWith = new LedgerStoreException("storage down");

        await Assert.ThrowsAsync<LedgerStoreException>(() => RunAsync(new RiskOptions()));

        Assert.Equal("Failed", Assert.Single(cycles.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task Gauges_AfterACycle_ReportTheLedgerAsTheCycleLeftIt_NoneBeforeAnyCycle()
    {
        using var open = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.positions.open");
        using var unprotected = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.positions.unprotected");
        using var killSwitch = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.killswitch.state");
        using var breaker = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.breaker.state");
        using var pending = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.intents.pending");
        using var metrics = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.pnl.daily_realized");
        var bot = TestMetrics.Create(_factory);

        open.RecordObservableInstruments();
        Assert.Empty(open.GetMeasurementSnapshot()); // this process ran no cycle: no view rather than a wrong one

        await TestRunner.Create(_lock, _ledger, _exchange, TestClock.Create(), new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0, MaxOpenPositions = 1 }, "BTCUSDT,ETHUSDT", bot)
            .RunAsync(TestContext.Current.CancellationToken);
        foreach (var collector in new[] { open, unprotected, killSwitch, breaker, pending, metrics })
        {
            collector.RecordObservableInstruments();
        }

        var positions = _ledger.Positions("main");
        Assert.Equal(positions.Count(p => p.Status == PositionStatus.Open), open.LastMeasurement!.Value);
        Assert.Equal(1, open.LastMeasurement.Value);
        Assert.Equal(1, unprotected.LastMeasurement!.Value); // bot-side protection: nothing held at the exchange
        Assert.Equal(0, killSwitch.LastMeasurement!.Value);
        Assert.Equal(0, breaker.LastMeasurement!.Value);
        Assert.Equal(0, pending.LastMeasurement!.Value);
        Assert.Equal(0, metrics.LastMeasurement!.Value);
    }

    [Fact]
    public async Task Gauges_NoCycleHereForTwoIntervalsAndAMinute_ReportNothing_TheNextCycleHereReportsTheLedgerAgain()
    {
        using var killSwitch = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.killswitch.state");
        using var interval = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.cycle.interval_seconds");
        var time = TestClock.Create();
        var metrics = new BotMetrics(_factory, time, Options.Create(new TradeCycleOptions { Schedule = "0 */5 * * * *" }));
        var risk = new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0 };
        await TestRunner.Create(_lock, _ledger, _exchange, time, risk, "BTCUSDT", metrics).RunAsync(TestContext.Current.CancellationToken);
        killSwitch.RecordObservableInstruments();
        interval.RecordObservableInstruments();
        Assert.Equal((0d, 300d), (killSwitch.LastMeasurement!.Value, interval.LastMeasurement!.Value));

        // The timer moved to another instance: after 2 × 5 minutes and a minute this one reports nothing, not a stale view.
        time.Advance(TimeSpan.FromMinutes(10));
        killSwitch.RecordObservableInstruments();
        Assert.Equal(2, killSwitch.GetMeasurementSnapshot().Count);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        killSwitch.RecordObservableInstruments();
        Assert.Equal(2, killSwitch.GetMeasurementSnapshot().Count);

        await TestRunner.Create(_lock, _ledger, _exchange, time, risk, "BTCUSDT", metrics).RunAsync(TestContext.Current.CancellationToken);
        killSwitch.RecordObservableInstruments();
        Assert.Equal(3, killSwitch.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task ReconcileDifferences_FromTheLedger_OnlyThoseNoPersonDecided()
    {
        using var differences = new MetricCollector<double>(_factory, BotMetrics.MeterName, "functionsbot.reconcile.differences");
        var now = TestClock.Start;
        ReportedDifference Difference(string proposal) => new(DifferenceKind.AssetShortfall, "BTCUSDT", "short", 25m, AboveTolerance: true, proposal, Acknowledged: false);
        Proposal Proposal(string id, ProposalStatus status) =>
            new(id, "shortfall|" + id, DifferenceKind.AssetShortfall, "BTCUSDT", "short", 25m, new Correction(CorrectionKind.Acknowledge, "look"), now) { Status = status };
        await new LedgerUpdater(_ledger, TestMetrics.Create()).CommitOnceAsync(
            new LedgerChange(RiskState.Initial("main"), null, [new AuditRecord(now, AuditKind.Reconciled, "test", "seed")])
            {
                Reconciliation = new ReconciliationReport(now, "test", now.AddDays(-1), now, 1, 3, 3, 2, [Difference("rc-000000000001"), Difference("rc-000000000002"), Difference("rc-000000000003")]),
                Proposals = [Proposal("rc-000000000001", ProposalStatus.Pending), Proposal("rc-000000000002", ProposalStatus.Approved), Proposal("rc-000000000003", ProposalStatus.Rejected)],
            },
            TestContext.Current.CancellationToken);

        await RunAsync(new RiskOptions { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0 });
        differences.RecordObservableInstruments();

        Assert.Equal(1, differences.LastMeasurement!.Value);
    }

    private Task RunAsync(RiskOptions risk) =>
        TestRunner.Create(_lock, _ledger, _exchange, TestClock.Create(), risk, "BTCUSDT,ETHUSDT", TestMetrics.Create(_factory)).RunAsync(TestContext.Current.CancellationToken);
}
