using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Core.Tests.Alerts;
using FunctionsBot.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Tests.Reconciliation;

/// <summary>
/// Orders whose trades began before the reconciliation window (24 h): their fees are compared with all their trades,
/// read by order id, so an ordinary day raises no false mismatch. The real <see cref="Reconciler"/> over an account's
/// history as Binance serves it by time window (<see cref="FakeExchangeAccount"/>).
/// </summary>
public sealed class ReconcilerWindowTests
{
    private const string Account = "main";
    private static readonly DateTimeOffset Now = TestClock.Start;
    private static readonly string Entry = ClientOrderIds.Entry(Account, 1);
    private static readonly string TakeProfit = ClientOrderIds.ProtectionList(Account, 1, 1) + "t";

    private readonly InMemoryLedgerStore _ledger = new();
    private readonly FakeExchangeAccount _account = new(Now);
    private readonly List<AuditRecord> _bookings = [];
    private readonly List<Position> _positions = [];
    private long _ids = 100;

    [Fact]
    public async Task EntryBookedAt2330TwoDaysEarlier_JustBeforeTheWindow_NoDifference()
    {
        // Reconciling at 00:00: the window starts 24 h back; the entry traded and was booked 30 minutes before that.
        var at = Now.AddHours(-24.5);
        Fill(Entry, OrderSide.Buy, at, (at, 0.01m, 0.00001m));
        Book(Entry, at.AddSeconds(1));
        Hold(0.01m - 0.00001m);

        var (report, snapshot) = await ReconcileAsync();

        AssertClean(report, snapshot);
    }

    [Fact]
    public async Task TakeProfitFilledInPartsAcrossTheWindowStart_NoDifference()
    {
        var placed = Now.AddHours(-30);
        var start = Now.AddHours(-24);
        Fill(TakeProfit, OrderSide.Sell, placed, (start.AddMinutes(-10), 0.004m, 0.0004m), (start.AddMinutes(10), 0.006m, 0.0006m));
        Book(TakeProfit, start.AddMinutes(11));

        var (report, snapshot) = await ReconcileAsync();

        AssertClean(report, snapshot);
        Assert.Equal(1, _account.OrderTradeReads); // one myTrades?orderId= (weight 5) for the one early order
    }

    [Fact]
    public async Task LegFilledWhileTheHostWasDown_BookedLateWithinTheWindow_NoDifference()
    {
        Fill(TakeProfit, OrderSide.Sell, Now.AddHours(-30), (Now.AddHours(-26), 0.01m, 0.001m));
        Book(TakeProfit, Now.AddHours(-1)); // the host came back an hour ago

        var (report, snapshot) = await ReconcileAsync();

        AssertClean(report, snapshot);
    }

    [Fact]
    public async Task EarlyOrderWhoseFeesReallyDiffer_StillReported()
    {
        Fill(TakeProfit, OrderSide.Sell, Now.AddHours(-30), (Now.AddHours(-26), 0.01m, 0.001m));
        Book(TakeProfit, Now.AddHours(-1), fee: 0.0005m);

        var (report, _) = await ReconcileAsync();

        var difference = Assert.Single(report.Differences);
        Assert.Equal(DifferenceKind.FeesDiffer, difference.Kind);
    }

    private static void AssertClean(ReconciliationReport report, LedgerSnapshot snapshot)
    {
        Assert.Empty(report.Differences);
        Assert.Empty(snapshot.Locks);
        Assert.DoesNotContain(AlertConditions.Evaluate(snapshot, Account, Now, AlertConditionsTests.Rules), c => c.Kind == "reconciliation-mismatch");
    }

    /// <summary>A filled order placed at <paramref name="placed"/> and its trades (at, quantity, commission in USDT at 100).</summary>
    private void Fill(string clientOrderId, OrderSide side, DateTimeOffset placed, params (DateTimeOffset At, decimal Quantity, decimal Fee)[] trades)
    {
        var orderId = ++_ids;
        var quantity = trades.Sum(t => t.Quantity);
        _account.Orders.Add(new ExchangeOrder("BTCUSDT", orderId, clientOrderId, side, "FILLED", false, quantity, quantity, quantity * 100m, placed));
        foreach (var (at, qty, fee) in trades)
        {
            _account.Trades.Add(new ExchangeTrade("BTCUSDT", ++_ids, orderId, side, 100m, qty, qty * 100m, fee, side == OrderSide.Buy ? "BTC" : "USDT", at));
        }
    }

    /// <summary>The booking's audit record, with the fees the ledger booked (by default, what the exchange charged).</summary>
    private void Book(string clientOrderId, DateTimeOffset at, decimal? fee = null)
    {
        var order = _account.Orders.Single(o => o.ClientOrderId == clientOrderId);
        var trades = _account.Trades.Where(t => t.OrderId == order.OrderId).ToList();
        var fees = new Dictionary<string, decimal>(StringComparer.Ordinal) { [trades[0].CommissionAsset] = fee ?? trades.Sum(t => t.Commission) };
        _bookings.Add(new AuditRecord(at, order.Side == OrderSide.Buy ? AuditKind.OrderFilled : AuditKind.ProtectionFilled, "trade-cycle", $"{clientOrderId} booked", new Dictionary<string, string>
        {
            ["clientOrderId"] = clientOrderId,
            ["symbol"] = "BTCUSDT",
            ["executedQty"] = order.ExecutedQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quoteQty"] = order.QuoteQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["fees"] = FeeList.Format(fees),
        }));
    }

    /// <summary>An open position of <paramref name="quantity"/> BTC from the entry, which the account holds.</summary>
    private void Hold(decimal quantity)
    {
        _positions.Add(new Position { Sequence = 1, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = Entry, Quantity = quantity, CreatedAt = Now.AddDays(-2) });
        _account.Balances.Add(new AccountBalance("BTC", quantity, 0m));
    }

    private async Task<(ReconciliationReport Report, LedgerSnapshot Snapshot)> ReconcileAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var metrics = TestMetrics.Create();
        var updater = new LedgerUpdater(_ledger, metrics);
        await updater.CommitOnceAsync(
            new LedgerChange(RiskState.Initial(Account) with { PositionSequence = 1 }, null, [.. _bookings.OrderBy(b => b.At)]) { Positions = _positions },
            ct);
        var time = TestClock.Create();
        var reconciler = new Reconciler(
            new FakeCycleLock(), _ledger, updater, new FakeExchange(), _account,
            Options.Create(new ReconcileOptions { LookbackHours = 24, MinIntervalSeconds = 0 }), Options.Create(new BotOptions { Account = Account, Symbols = "BTCUSDT" }),
            time, NullLogger<Reconciler>.Instance);

        var report = await reconciler.RunAsync("test", ct);

        return (report, await _ledger.LoadAsync(Account, ct));
    }
}
