using Azure.Data.Tables;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Testing;

namespace FunctionsBot.Storage.Tests.Ledger;

public sealed class TableLedgerStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task FindStateAsync_NothingWritten_ReturnsNull()
    {
        var ledger = StorageTestContext.Ledger(azurite);

        Assert.Null(await ledger.FindStateAsync(StorageTestContext.NewAccount(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CommitAsync_NewState_RoundTripsEveryFieldWithItsAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var state = RiskState.Initial(account) with
        {
            KillSwitch = new KillSwitchState(true, T0, "alice", "exchange outage"),
            LastCycle = new CycleRecord(T0, T0.AddSeconds(2), CycleOutcome.Completed),
            LastSuccessfulCycleAt = T0.AddSeconds(2),
            CycleCount = 42,
            Exchange = new ExchangeStatus(T0.AddSeconds(2), 37, T0.AddSeconds(60), "GET /api/v3/klines: HTTP 429 (-1003)", T0.AddSeconds(1), "KeyVault", T0, "vault did not answer", 12, null, 5, 1),
        };

        var version = await ledger.CommitAsync(AuditChain.Seal(new LedgerChange(state, null, [Audit(T0, "created")])), ct);
        var read = await ledger.FindStateAsync(account, ct);

        Assert.NotNull(read);
        Assert.Equal(1, read.Value.Value.AuditSequence);
        Assert.Equal(state with { AuditHead = read.Value.Value.AuditHead, AuditSequence = 1 }, read.Value.Value);
        Assert.Equal(version, read.Value.Version);
        var audit = Assert.Single(await ledger.ReadAuditAsync(account, 10, ct));
        Assert.Equal("created", audit.Message);
        Assert.Equal(read.Value.Value.AuditHead, audit.Hash);
        Assert.Equal("1", audit.Data!["n"]);
    }

    [Fact]
    public async Task CommitAsync_Position_RoundTripsEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var position = new Position
        {
            Sequence = 7, Symbol = "BNBUSDT", Status = PositionStatus.Open, EntryClientOrderId = "fb-7-e", ReservedQuote = 20.5m, RequestedQuantity = 0.034m,
            Quantity = 0.0339745m, EntryQuantity = 0.033975m, EntryCost = 20.01m, HeldCost = 19.99m, ExitCount = 1, FeesInQuote = 0.015m, FeesDrawn = 0.0000255m,
            DustWrittenOff = 0.01m, EntryPrice = 588.5m, StopPrice = 582.6m, TakeProfitPrice = 594.4m, ExitClientOrderId = "fb-7-x", ExitReason = "strategy", ExitProceeds = 1.5m,
            RealizedPnl = -0.0123456789m, Fees = "BNB=0.0000255;BTC=0.00000034", SoldQuantity = 0.0001m, SoldQuote = 5.9m, CreatedAt = T0, OpenedAt = T0.AddSeconds(1), Overfill = "0.05 for 29.4 against 0.034 asked", SymbolHalt = "BREAK", UnprotectedSinceCycle = 41,
            Protection = new Protection { Attempt = 2, Status = ProtectionStatus.Failed, ListClientOrderId = "fb-7-p2", RequestedAt = T0, Problem = "ocoAllowed is false", Failures = 2, RetryAt = T0.AddMinutes(2) },
        };

        await ledger.CommitAsync(AuditChain.Seal(new LedgerChange(RiskState.Initial(account), null, [Audit(T0, "opened")]) { Positions = [position] }), ct);

        Assert.Equal(position, Assert.Single((await ledger.LoadAsync(account, ct)).Positions));
    }

    [Fact]
    public async Task CommitAsync_StaleVersion_ThrowsConcurrencyConflictAndLeavesPartitionUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var first = AuditChain.Seal(new LedgerChange(RiskState.Initial(account), null, [Audit(T0, "v1")]));
        var v1 = await ledger.CommitAsync(first, ct);
        await ledger.CommitAsync(AuditChain.Seal(new LedgerChange(first.State with { CycleCount = 1 }, v1, [Audit(T0.AddSeconds(1), "v2")])), ct);
        var before = await SnapshotAsync(account);

        await Assert.ThrowsAsync<LedgerConcurrencyException>(() =>
            ledger.CommitAsync(AuditChain.Seal(new LedgerChange(first.State with { CycleCount = 99 }, v1, [Audit(T0.AddSeconds(2), "stale")])), ct));

        Assert.Equal(before, await SnapshotAsync(account));
        Assert.Equal(1, (await ledger.FindStateAsync(account, ct))!.Value.Value.CycleCount);
    }

    [Fact]
    public async Task CommitAsync_CreateWhenAnotherWriterCreatedFirst_ThrowsConcurrencyConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        await ledger.CommitAsync(AuditChain.Seal(new LedgerChange(RiskState.Initial(account), null, [Audit(T0, "first")])), ct);

        await Assert.ThrowsAsync<LedgerConcurrencyException>(() =>
            ledger.CommitAsync(AuditChain.Seal(new LedgerChange(RiskState.Initial(account) with { CycleCount = 5 }, null, [Audit(T0, "second")])), ct));

        Assert.Single(await ledger.ReadAuditAsync(account, 10, ct));
    }

    [Fact]
    public async Task CommitAsync_LaterOperationRejected_WritesNeitherStateNorAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var first = AuditChain.Seal(new LedgerChange(RiskState.Initial(account), null, [Audit(T0, "v1")]));
        var v1 = await ledger.CommitAsync(first, ct);
        var before = await SnapshotAsync(account);

        // The third operation carries a property over the service's 64 KiB limit, so the service
        // rejects the batch after the state update and the first audit row were accepted in it.
        var oversized = new AuditRecord(T0.AddSeconds(2), AuditKind.CycleCompleted, "test", new string('x', 40_000));
        await Assert.ThrowsAsync<LedgerStoreException>(() =>
            ledger.CommitAsync(AuditChain.Seal(new LedgerChange(first.State with { CycleCount = 7 }, v1, [Audit(T0.AddSeconds(1), "ok"), oversized])), ct));

        Assert.Equal(before, await SnapshotAsync(account));
    }

    [Fact]
    public async Task ReadAuditAsync_WritersWithSkewedClocks_OrderedByTheChainNotTheClock()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();

        // The second writer's clock is a minute behind the first's; a skip lands between them.
        var first = AuditChain.Seal(new LedgerChange(RiskState.Initial(account), null, [Audit(T0, "first"), Audit(T0, "first-b")]));
        var v1 = await ledger.CommitAsync(first, ct);
        await ledger.AppendAuditAsync(account, [new AuditRecord(T0.AddSeconds(5), AuditKind.CycleSkipped, "test", "skip")], ct);
        var second = AuditChain.Seal(new LedgerChange(first.State, v1, [Audit(T0.AddMinutes(-1), "second")]));
        await ledger.CommitAsync(second, ct);

        var all = await ledger.ReadAuditAsync(account, 10, ct);

        Assert.Equal(["second", "skip", "first-b", "first"], all.Select(a => a.Message));
        Assert.Null(AuditChain.Verify(all, AuditHead.Of(second.State)));
    }

    [Fact]
    public async Task ReadAuditAsync_RowsFromSeveralChanges_NewestFirstAndInTransactionOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        await ledger.AppendAuditAsync(account, [Audit(T0, "a")], ct);
        await ledger.AppendAuditAsync(account, [Audit(T0.AddSeconds(1), "b1"), Audit(T0.AddSeconds(1), "b2")], ct);
        await ledger.AppendAuditAsync(account, [Audit(T0.AddSeconds(2), "c")], ct);

        var newestTwo = await ledger.ReadAuditAsync(account, 2, ct);
        var all = await ledger.ReadAuditAsync(account, 100, ct);

        Assert.Equal(["c", "b2"], newestTwo.Select(a => a.Message));
        Assert.Equal(["c", "b2", "b1", "a"], all.Select(a => a.Message));
    }

    [Fact]
    public async Task ReadAuditPageAsync_TheIssuedTokenReadsOn_AMalformedOneIsRefused_AForgedOneReachesNoOtherAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var other = StorageTestContext.NewAccount();
        await ledger.AppendAuditAsync(account, [Audit(T0, "a"), Audit(T0, "b"), Audit(T0, "c")], ct);
        await ledger.AppendAuditAsync(other, [Audit(T0, "x"), Audit(T0, "y"), Audit(T0, "z")], ct);
        var (_, otherToken) = await ledger.ReadAuditPageAsync(other, 1, null, ct);

        var (first, token) = await ledger.ReadAuditPageAsync(account, 2, null, ct);
        var (second, end) = await ledger.ReadAuditPageAsync(account, 2, token, ct);

        Assert.Equal(["c", "b"], first.Select(a => a.Message));
        Assert.Equal(["a"], second.Select(a => a.Message));
        Assert.Null(end);
        string[] malformed = ["garbage", "\ud800 x", "a ", " b", "a b c", "a\nb c", "a b\u0000", "a' or 1=1 b", new string('a', 600) + " " + new string('b', 600)];
        foreach (var bad in malformed)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => ledger.ReadAuditPageAsync(account, 2, bad, ct));
        }

        // Well formed but not this account's: refused by the service, or a page of this account's rows only.
        foreach (var forged in new[] { otherToken!, "YWJj ZGVm", "dGY3 YXVkaXQt" })
        {
            try
            {
                var (records, _) = await ledger.ReadAuditPageAsync(account, 5, forged, ct);
                Assert.All(records, r => Assert.Contains(r.Message, new[] { "a", "b", "c" }));
            }
            catch (ArgumentException)
            {
            }
        }
    }

    [Fact]
    public async Task EquityPoints_RideInTheCommit_OnePerHour_PagedOldestFirst_AndNeverInTheCyclesLoad()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var state = RiskState.Initial(account);
        string? version = null;
        // Five hours, two cycles in each: the second of an hour replaces the first.
        for (var hour = 0; hour < 5; hour++)
        {
            foreach (var minute in new[] { 1, 59 })
            {
                var at = T0.AddMinutes(1).AddHours(hour).AddMinutes(minute);
                var point = new EquityPoint(EquityPoint.HourOf(at), at, hour, minute / 100m, 0.01m * hour, 0.001m, hour % 2);
                var change = AuditChain.Seal(new LedgerChange(state, version, [Audit(at, $"cycle {hour}:{minute}")]) { Equity = point });
                version = await ledger.CommitAsync(change, ct);
                state = change.State;
            }
        }

        var rows = new List<TableEntity>();
        await foreach (var row in new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger").QueryAsync<TableEntity>(e => e.PartitionKey == account, cancellationToken: ct))
        {
            rows.Add(row);
        }

        Assert.Equal(5, rows.Count(r => r.RowKey.StartsWith("_equity-", StringComparison.Ordinal)));
        Assert.Equal("_equity-2026-03-02T00", rows.First(r => r.RowKey.StartsWith("_equity-", StringComparison.Ordinal)).RowKey);

        var (first, next) = await ledger.ReadEquityPageAsync(account, T0, T0.AddDays(1), 2, null, ct);
        Assert.Equal([0m, 1m], first.Select(p => p.Realized));
        Assert.All(first, p => Assert.Equal(0.59m, p.Unrealized));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 59, 0, TimeSpan.Zero), first[0].At);
        Assert.NotNull(next);
        var (second, last) = await ledger.ReadEquityPageAsync(account, T0, T0.AddDays(1), 2, next, ct);
        Assert.Equal([2m, 3m], second.Select(p => p.Realized));
        var (third, end) = await ledger.ReadEquityPageAsync(account, T0, T0.AddDays(1), 2, last, ct);
        Assert.Equal(new EquityPoint(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 4, 59, 0, TimeSpan.Zero), 4m, 0.59m, 0.04m, 0.001m, 0), Assert.Single(third));
        Assert.Null(end);
        Assert.Equal(4.59m, third[0].Equity);

        // A window picks whole hours.
        var (window, _) = await ledger.ReadEquityPageAsync(account, new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 2, 10, 0, TimeSpan.Zero), 100, null, ct);
        Assert.Equal([1m, 2m], window.Select(p => p.Realized));
        // The load reads from the audit trail's end ("audit.") on: the equity rows sort before the trail.
        Assert.All(rows.Where(r => r.RowKey.StartsWith("_equity-", StringComparison.Ordinal)), r => Assert.True(string.CompareOrdinal(r.RowKey, "audit-") < 0, r.RowKey));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.ReadEquityPageAsync(account, T0, T0.AddDays(1), 2, "not a token", ct));
    }

    private static AuditRecord Audit(DateTimeOffset at, string message) =>
        new(at, AuditKind.CycleCompleted, "test", message, new Dictionary<string, string> { ["n"] = "1" });

    /// <summary>Every row of the partition with its ETag: equal snapshots mean nothing was written.</summary>
    private async Task<string> SnapshotAsync(string account)
    {
        var rows = new List<string>();
        await foreach (var entity in StorageTestContext.Table(azurite).QueryAsync<TableEntity>(e => e.PartitionKey == account))
        {
            rows.Add($"{entity.RowKey}|{entity.ETag}");
        }

        return string.Join('\n', rows.Order(StringComparer.Ordinal));
    }
}
