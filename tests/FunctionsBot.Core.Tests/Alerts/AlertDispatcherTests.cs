using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Alerts;

public sealed class AlertDispatcherTests
{
    private const string Account = "main";
    private readonly FakeTimeProvider _time = TestClock.Create();
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly RecordingChannel _webhook = new("webhook");
    private readonly RecordingChannel _telegram = new("telegram");

    [Fact]
    public async Task Dispatch_AConditionThatPersists_IsSentOncePerReceiver_ThenOneResolved()
    {
        var dispatcher = Dispatcher();
        Latch(true);
        for (var i = 0; i < 10; i++)
        {
            await dispatcher.DispatchAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(60));
        }

        Latch(false);
        await dispatcher.DispatchAsync(CancellationToken.None);
        await dispatcher.DispatchAsync(CancellationToken.None);

        foreach (var channel in new[] { _webhook, _telegram })
        {
            Assert.Equal([("kill-switch-latched", "firing"), ("kill-switch-latched", "resolved")], channel.Sent.Select(m => (m.Kind, m.Status)));
        }

        Assert.Empty((await _ledger.LoadAsync(Account, CancellationToken.None)).Alerts!.Value.Value.Entries);
    }

    [Fact]
    public async Task Dispatch_AFailedSend_IsCountedRetriedAfterBackoffOnlyToTheReceiverThatMissedIt()
    {
        var metrics = TestMetrics.Create();
        var dispatcher = Dispatcher(metrics: metrics);
        _webhook.FailWith = "the webhook answered HTTP 503";
        Latch(true);

        await dispatcher.DispatchAsync(CancellationToken.None);
        var book = (await _ledger.LoadAsync(Account, CancellationToken.None)).Alerts!.Value.Value;
        Assert.True(book.LastSendFailed);
        Assert.Equal((1L, 1L), (book.Failures, book.Sent));
        Assert.Contains("503", book.LastFailure, StringComparison.Ordinal);

        _webhook.FailWith = null;
        _time.Advance(TimeSpan.FromSeconds(5));
        await dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Empty(_webhook.Sent);

        _time.Advance(TimeSpan.FromSeconds(15));
        await dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Single(_webhook.Sent);
        Assert.Single(_telegram.Sent);
        Assert.False((await _ledger.LoadAsync(Account, CancellationToken.None)).Alerts!.Value.Value.LastSendFailed);
    }

    [Fact]
    public async Task Dispatch_MoreThanTheRateAllows_SendsTheRestInTheNextMinute()
    {
        var dispatcher = Dispatcher(maxPerMinute: 1);
        _ledger.Put(RiskState.Initial(Account) with
        {
            KillSwitch = new KillSwitchState(true, _time.GetUtcNow(), "alice", "test", KillSwitchMode.BlockEntries),
            FailedCyclesInARow = 5,
        });

        await dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Single(_webhook.Sent);
        await dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Single(_webhook.Sent);

        _time.Advance(TimeSpan.FromSeconds(61));
        await dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Equal(["kill-switch-latched", "cycle-failures"], _webhook.Sent.Select(m => m.Kind));
    }

    [Fact]
    public async Task Dispatch_AnotherInstanceClaimedTheBookFirst_SendsNothing()
    {
        Latch(true);
        var snapshot = await _ledger.LoadAsync(Account, CancellationToken.None);
        await _ledger.SaveAlertsAsync(Account, new AlertBook(), null, CancellationToken.None);
        var dispatcher = new AlertDispatcher([_webhook], new StaleFirstRead(_ledger, snapshot), Options.Create(new BotOptions { Account = Account }), Options.Create(new AlertOptions()),
            Rules, TestMetrics.Create(), _time, NullLogger<AlertDispatcher>.Instance);

        await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Empty(_webhook.Sent);
    }

    private static readonly AlertRules Rules = AlertConditionsTests.Rules;

    private void Latch(bool active) =>
        _ledger.Put((_ledger.State(Account) ?? RiskState.Initial(Account)) with
        {
            KillSwitch = active ? new KillSwitchState(true, _time.GetUtcNow(), "alice", "test", KillSwitchMode.BlockEntries) : KillSwitchState.Armed,
        });

    private AlertDispatcher Dispatcher(int maxPerMinute = 20, Core.Diagnostics.BotMetrics? metrics = null) => new(
        [_webhook, _telegram],
        _ledger,
        Options.Create(new BotOptions { Account = Account }),
        Options.Create(new AlertOptions { MaxPerMinute = maxPerMinute }),
        Rules,
        metrics ?? TestMetrics.Create(),
        _time,
        NullLogger<AlertDispatcher>.Instance);

    private sealed class RecordingChannel(string name) : IAlertChannel
    {
        public string Name => name;

        public bool IsEnabled => true;

        public string? FailWith { get; set; }

        public List<AlertMessage> Sent { get; } = [];

        public Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
        {
            if (FailWith is { } failure)
            {
                throw new AlertSendException(failure);
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    /// <summary>Reads a snapshot taken before another instance wrote the alert book.</summary>
    private sealed class StaleFirstRead(InMemoryLedgerStore inner, LedgerSnapshot stale) : ILedgerStore
    {
        public Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken) => Task.FromResult(stale);

        public Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken) => inner.FindStateAsync(account, cancellationToken);

        public Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken) => inner.CommitAsync(change, cancellationToken);

        public Task<string> SaveAlertsAsync(string account, AlertBook book, string? expectedVersion, CancellationToken cancellationToken) =>
            inner.SaveAlertsAsync(account, book, expectedVersion, cancellationToken);

        public Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) => inner.AppendAuditAsync(account, records, cancellationToken);

        public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken) => inner.ReadAuditAsync(account, limit, cancellationToken);

        public Task<(IReadOnlyList<EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(string account, DateTimeOffset since, DateTimeOffset until, int limit, string? continuation, CancellationToken cancellationToken) =>
            inner.ReadEquityPageAsync(account, since, until, limit, continuation, cancellationToken);

        public Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(string account, int limit, string? continuation, CancellationToken cancellationToken) =>
            inner.ReadAuditPageAsync(account, limit, continuation, cancellationToken);
    }
}
