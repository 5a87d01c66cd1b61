using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Storage.Ledger;
using FunctionsBot.Testing;

namespace FunctionsBot.Storage.Tests.Ledger;

/// <summary>Export and import of the ledger table over Azurite: every row back as it was, and a tampered export refused with nothing written.</summary>
public sealed class LedgerArchiveTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExportThenImportIntoAnEmptyTable_EveryRowBackWithItsTypes_TheChainVerified()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = await SeedAsync(ct);
        var rows = await ExportedAsync(account, ct);
        var restored = new TableServiceClient(azurite.ConnectionString).GetTableClient("restore" + Guid.NewGuid().ToString("N")[..12]);

        var imported = await LedgerArchive.ImportAsync(restored, rows, ct);

        Assert.Equal(rows.Count, imported);
        Assert.True(rows.Count(r => r.RowKey.StartsWith(AuditEntity.Prefix, StringComparison.Ordinal)) >= 3);
        var original = await RowsAsync(StorageTestContext.Table(azurite), account, ct);
        var back = await RowsAsync(restored, account, ct);
        Assert.Equal(original.Keys.Order(), back.Keys.Order());
        foreach (var (key, row) in original)
        {
            Assert.Equal(Properties(row), Properties(back[key]));
        }

        Assert.Empty(LedgerArchive.Verify(back.Values));
        await restored.DeleteAsync(ct);
    }

    [Fact]
    public async Task ImportOfATamperedExport_RefusedNamingTheAccount_NothingWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = await SeedAsync(ct);
        var rows = await ExportedAsync(account, ct);
        var edited = rows.First(r => r.RowKey.StartsWith(AuditEntity.Prefix, StringComparison.Ordinal) && r.GetInt64("Sequence") == 2);
        edited["Message"] = "Nothing happened here.";
        var restored = new TableServiceClient(azurite.ConnectionString).GetTableClient("restore" + Guid.NewGuid().ToString("N")[..12]);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => LedgerArchive.ImportAsync(restored, rows, ct));

        Assert.Contains(account, refused.Message, StringComparison.Ordinal);
        Assert.Contains("#2", refused.Message, StringComparison.Ordinal);
        await restored.CreateIfNotExistsAsync(ct);
        Assert.Empty(await RowsAsync(restored, account, ct));
        await restored.DeleteAsync(ct);
    }

    [Fact]
    public async Task ImportIntoATableThatHoldsTheAccount_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = await SeedAsync(ct);
        var rows = await ExportedAsync(account, ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LedgerArchive.ImportAsync(StorageTestContext.Table(azurite), rows, ct));

        Assert.Contains("already holds rows", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An account with three chained commits, a position and an unchained skipped cycle.</summary>
    private async Task<string> SeedAsync(CancellationToken ct)
    {
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var state = RiskState.Initial(account);
        string? version = null;
        for (var n = 1; n <= 3; n++)
        {
            var position = new Position
            {
                Sequence = n, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = $"fb-{n}-e", Quantity = 0.001m * n, EntryPrice = 65000.12345678m, CreatedAt = T0.AddMinutes(n),
            };
            var sealedChange = AuditChain.Seal(new LedgerChange(state with { PositionSequence = n }, version, [new AuditRecord(T0.AddMinutes(n), AuditKind.OrderFilled, "trade-cycle", $"fill {n}", new Dictionary<string, string> { ["n"] = $"{n}" })]) { Positions = [position] });
            version = await ledger.CommitAsync(sealedChange, ct);
            state = sealedChange.State;
        }

        await ledger.AppendAuditAsync(account, [new AuditRecord(T0.AddMinutes(4), AuditKind.CycleSkipped, "trade-cycle", "lease busy")], ct);
        return account;
    }

    /// <summary>The whole table exported as JSON Lines and read back; this account's rows.</summary>
    private async Task<List<TableEntity>> ExportedAsync(string account, CancellationToken ct)
    {
        await using var writer = new StringWriter();
        var exported = await LedgerArchive.ExportAsync(StorageTestContext.Table(azurite), writer, ct);
        using var reader = new StringReader(writer.ToString());
        var rows = await LedgerArchive.ReadAsync(reader, ct);
        Assert.Equal(exported, rows.Count);
        return [.. rows.Where(r => r.PartitionKey == account)];
    }

    private static async Task<Dictionary<string, TableEntity>> RowsAsync(TableClient table, string account, CancellationToken ct)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == account, cancellationToken: ct))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    private static List<string> Properties(TableEntity row) =>
        [.. row.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.GetType().Name}:{Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)}")];
}
