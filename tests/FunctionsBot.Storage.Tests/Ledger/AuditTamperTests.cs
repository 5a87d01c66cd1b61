using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Storage.Tests.Ledger;

/// <summary>
/// Security property of the audit trail, negative tests: six chained records in Azurite, then one row is tampered
/// with directly in the table, the way someone with storage access could, and the health check must call it
/// broken. The untouched trail is healthy.
/// </summary>
public sealed class AuditTamperTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 23, 59, 0, TimeSpan.Zero);

    public static TheoryData<string> Tampering => ["changed field", "deleted middle row", "deleted newest row", "inserted forged record", "inserted copy", "reordered rows", "text moved from data to message"];

    [Fact]
    public async Task Health_UntouchedTrail_Healthy()
    {
        var account = await SeedAsync();

        var result = await CheckAsync(account);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Health_TamperedTrail_Unhealthy(string tampering)
    {
        var account = await SeedAsync();
        var table = StorageTestContext.Table(azurite);
        var rows = await RowsAsync(account);
        var ct = TestContext.Current.CancellationToken;

        switch (tampering)
        {
            case "changed field":
                rows[3]["Message"] = "Exit #1 filled: realized 1000.";
                await table.UpdateEntityAsync(rows[3], ETag.All, TableUpdateMode.Replace, ct);
                break;
            case "deleted middle row":
                await table.DeleteEntityAsync(account, rows[2].RowKey, ETag.All, ct);
                break;
            case "deleted newest row":
                await table.DeleteEntityAsync(account, rows[0].RowKey, ETag.All, ct);
                break;
            case "inserted forged record":
                // An unchained "fill" slipped between chained records: only skipped cycles are ever unchained.
                var forged = new TableEntity(rows[2]) { RowKey = rows[2].RowKey.Replace("-c", "-b0", StringComparison.Ordinal) };
                forged.Remove("Sequence");
                forged.Remove("PreviousHash");
                forged.Remove("Hash");
                await table.AddEntityAsync(forged, ct);
                break;
            case "inserted copy":
                await table.AddEntityAsync(new TableEntity(rows[2]) { RowKey = rows[2].RowKey.Replace("-c", "-d", StringComparison.Ordinal) }, ct);
                break;
            case "reordered rows":
                var (a, b) = (rows[2], rows[3]);
                foreach (var key in a.Keys.Except(["PartitionKey", "RowKey", "odata.etag", "Timestamp"]).ToList())
                {
                    (a[key], b[key]) = (b[key], a[key]);
                }

                await table.UpdateEntityAsync(a, ETag.All, TableUpdateMode.Replace, ct);
                await table.UpdateEntityAsync(b, ETag.All, TableUpdateMode.Replace, ct);
                break;
            case "text moved from data to message":
                // Under a plain "field|field" encoding "msg" + {"pnl":"-5"} and "msg|pnl=-5" + {} hash the same.
                var row = rows[1];
                var data = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Data"))!;
                row["Message"] = row.GetString("Message") + string.Concat(data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"|{p.Key}={p.Value}"));
                row.Remove("Data");
                await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, ct);
                break;
        }

        var result = await CheckAsync(account);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("Audit chain broken", result.Description, StringComparison.Ordinal);
    }

    /// <summary>Three changes of two chained records each, written the way the bot writes them.</summary>
    private async Task<string> SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = StorageTestContext.Ledger(azurite);
        var account = StorageTestContext.NewAccount();
        var state = RiskState.Initial(account);
        string? version = null;
        for (var i = 0; i < 3; i++)
        {
            var change = AuditChain.Seal(new LedgerChange(state with { CycleCount = i }, version,
            [
                new AuditRecord(T0.AddSeconds(i), AuditKind.OrderFilled, "trade-cycle", $"Exit #{i} filled", new Dictionary<string, string> { ["pnl"] = "-5", ["qty"] = "0.1" }),
                new AuditRecord(T0.AddSeconds(i), AuditKind.CycleCompleted, "trade-cycle", "Cycle Completed.", new Dictionary<string, string> { ["n"] = $"{i}" }),
            ]));
            version = await ledger.CommitAsync(change, ct);
            state = change.State;
        }

        return account;
    }

    /// <summary>The audit rows, newest first.</summary>
    private async Task<List<TableEntity>> RowsAsync(string account)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in StorageTestContext.Table(azurite).QueryAsync<TableEntity>($"PartitionKey eq '{account}' and RowKey ge 'audit-' and RowKey lt 'audit.'"))
        {
            rows.Add(row);
        }

        Assert.Equal(6, rows.Count);
        return rows;
    }

    private Task<HealthCheckResult> CheckAsync(string account) =>
        new RiskHealthCheck(new HealthLedger(StorageTestContext.Ledger(azurite), Options.Create(new BotOptions { Account = account }), TimeProvider.System), Options.Create(new RiskOptions()), TimeProvider.System)
            .CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
}
