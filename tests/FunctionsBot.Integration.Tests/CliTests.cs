using Azure.Data.Tables;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The operator's CLI run as a process against a trading DevHost that asks for a function key: every command, the
/// health exit codes for healthy, degraded and unhealthy, and <c>audit --verify</c> catching a row tampered in storage.
/// </summary>
[Collection("Drills")]
public sealed class CliTests(AzuriteFixture azurite)
{
    private const string Key = "cli-test-function-key";

    [Fact]
    public async Task EveryCommand_AgainstTheDevHost_TablesExitCodesAndATamperedAuditRowCaught()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 300);
        var bot = await rig.StartBotAsync(rig.Settings(("DevHost__FunctionKey", Key), ("Strategy__Protection", "Bot")));
        var url = bot.Client.BaseAddress!;
        Task<(int ExitCode, string Output)> Cli(params string[] arguments) => CliProcess.RunAsync(url, Key, arguments);

        // Healthy once a cycle has completed: exit code 0, JSON as the bot sent it.
        var healthy = await UntilAsync(() => Cli("health", "--output", "json"), r => r.ExitCode == 0, ct);
        Assert.Contains("\"status\": \"Healthy\"", healthy.Output, StringComparison.Ordinal);
        var standard = await CliProcess.RunAsync(url, key: null, "health");
        Assert.True(standard.ExitCode == 0, standard.Output);
        Assert.Contains("FunctionsBot is Healthy", standard.Output, StringComparison.Ordinal);
        var noKey = await CliProcess.RunAsync(url, key: null, "health", "--verbose");
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("function key is missing or wrong", noKey.Output, StringComparison.Ordinal);
        var verbose = await Cli("health", "--verbose");
        Assert.Contains("exchange", verbose.Output, StringComparison.Ordinal);
        Assert.Contains("lastCycle", verbose.Output, StringComparison.Ordinal);

        // Positions and PnL as the ledger holds them, once the bot has traded.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while ((await rig.PositionsAsync()).Count == 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var held = await rig.PositionsAsync();
        Assert.NotEmpty(held);
        var positions = await Cli("positions", "--all");
        Assert.Equal(0, positions.ExitCode);
        foreach (var position in held)
        {
            Assert.Contains($"pos-{position.Sequence:D12}", positions.Output, StringComparison.Ordinal);
        }

        var pnl = await Cli("pnl");
        Assert.Equal(0, pnl.ExitCode);
        Assert.Contains("total", pnl.Output, StringComparison.Ordinal);
        Assert.Contains("Realized (USDT)", pnl.Output, StringComparison.Ordinal);

        // The kill switch: degraded while latched (exit code 1), escalated, re-armed.
        var on = await Cli("killswitch", "on", "--reason", "cli drill");
        Assert.Equal(0, on.ExitCode);
        Assert.Contains("cli drill", on.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await Cli("health", "--output", "json")).ExitCode);
        var declined = await CliProcess.RunWithInputAsync(url, Key, "no\n", "killswitch", "on", "--reason", "close everything", "--mode", "Flatten");
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("not confirmed", declined.Output, StringComparison.Ordinal);
        Assert.Contains("BlockEntries", (await Cli("killswitch")).Output, StringComparison.Ordinal);
        var flatten = await CliProcess.RunWithInputAsync(url, Key, "yes\n", "killswitch", "on", "--reason", "close everything", "--mode", "Flatten");
        Assert.Equal(0, flatten.ExitCode);
        Assert.Contains("Flatten", flatten.Output, StringComparison.Ordinal);
        var again = await Cli("killswitch", "on", "--reason", "twice", "--mode", "Flatten", "--yes");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("HTTP 409", again.Output, StringComparison.Ordinal);
        var noReason = await Cli("killswitch", "off");
        Assert.Equal(64, noReason.ExitCode);
        Assert.Contains("needs --reason", noReason.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli("killswitch", "off", "--reason", "drill over")).ExitCode);
        var state = await Cli("killswitch");
        Assert.Contains("drill over", state.Output, StringComparison.Ordinal);

        // Locks and reconciliation, including what the bot refuses.
        var locks = await Cli("locks");
        Assert.Equal(0, locks.ExitCode);
        Assert.Contains("locks.", locks.Output, StringComparison.Ordinal);
        var release = await Cli("locks", "release", "lock-NOSUCHUSDT");
        Assert.Equal(1, release.ExitCode);
        Assert.Contains("HTTP 404", release.Output, StringComparison.Ordinal);
        var run = await Cli("reconcile", "run");
        Assert.True(run.ExitCode is 0 or 1, run.Output);
        Assert.Contains("Reconciled at", run.Output, StringComparison.Ordinal);
        var reconcile = await Cli("reconcile");
        Assert.Equal(0, reconcile.ExitCode);
        Assert.Contains("proposals pending", reconcile.Output, StringComparison.Ordinal);
        var unknown = await Cli("reconcile", "approve", "rc-000000000000", "--reason", "no such proposal");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("HTTP 404", unknown.Output, StringComparison.Ordinal);

        // The ledger exported straight from storage while the bot trades, and imported into an empty table with its chains verified.
        var storage = new Dictionary<string, string?> { ["FUNCTIONSBOT_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString };
        var archive = Path.GetTempFileName();
        var restoredTable = "restore" + Guid.NewGuid().ToString("N")[..12];
        var exported = await CliProcess.RunWithInputAsync(url, Key, string.Empty, storage, "ledger", "export", "--file", archive);
        Assert.True(exported.ExitCode == 0, exported.Output);
        var imported = await CliProcess.RunWithInputAsync(url, Key, string.Empty, storage, "ledger", "import", "--file", archive, "--table", restoredTable);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("every audit chain verified", imported.Output, StringComparison.Ordinal);
        Assert.Equal(64, (await Cli("ledger", "export", "--file", archive)).ExitCode); // no storage named

        // The audit trail: intact, then one row edited in storage is caught here and by the bot's health.
        var intact = await Cli("audit", "--limit", "40", "--verify");
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("Audit chain intact", intact.Output, StringComparison.Ordinal);
        var tampered = await TamperAsync(rig.Account);
        var broken = await Cli("audit", "--limit", "2000", "--verify");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains($"record #{tampered} does not match its hash", broken.Output, StringComparison.Ordinal);
        var tamperedExport = await CliProcess.RunWithInputAsync(url, Key, string.Empty, storage, "ledger", "export", "--file", archive);
        Assert.Equal(0, tamperedExport.ExitCode);
        var refusedImport = await CliProcess.RunWithInputAsync(url, Key, string.Empty, storage, "ledger", "import", "--file", archive, "--table", restoredTable + "b");
        File.Delete(archive);
        Assert.Equal(2, refusedImport.ExitCode);
        Assert.Contains($"#{tampered}", refusedImport.Output, StringComparison.Ordinal);
        var unhealthy = await UntilAsync(() => Cli("health", "--output", "json"), r => r.ExitCode == 2, ct);
        Assert.Contains("\"status\": \"Unhealthy\"", unhealthy.Output, StringComparison.Ordinal);

        // Nothing the CLI prints carries the key; a wrong key and an unreachable bot have their own exit codes.
        var help = await Cli("--help");
        Assert.Contains("FUNCTIONSBOT_KEY", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, string.Join('\n', help.Output, healthy.Output, verbose.Output, positions.Output, broken.Output), StringComparison.Ordinal);
        var wrongKey = await CliProcess.RunAsync(url, "not-the-key", "positions");
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.DoesNotContain("not-the-key", wrongKey.Output, StringComparison.Ordinal);
        var unreachable = await CliProcess.RunAsync(new Uri("http://127.0.0.1:9/"), Key, "health");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("Cannot reach the bot", unreachable.Output, StringComparison.Ordinal);

        // The key never on the command line: from a file (or the environment); plain http only to this machine; usage errors 64.
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, Key + "\n", ct);
        var fromFile = await CliProcess.RunAsync(url, key: null, "positions", "--all", "--key-file", keyFile, "--output", "json");
        File.Delete(keyFile);
        Assert.Equal(0, fromFile.ExitCode);
        using (var document = System.Text.Json.JsonDocument.Parse(fromFile.Output))
        {
            Assert.True(document.RootElement.GetProperty("positions").GetArrayLength() >= held.Count, fromFile.Output);
        }

        var clear = await CliProcess.RunAsync(new Uri("http://bot.example.com/"), Key, "health");
        Assert.Equal(64, clear.ExitCode);
        Assert.Contains("https://", clear.Output, StringComparison.Ordinal);
        Assert.Equal(64, (await Cli("positions", "--no-such-option")).ExitCode);
        Assert.Equal(64, (await Cli("killswitch", "off")).ExitCode);
        Figures.Record($"cli: health exit codes 0/1/2, unreachable 3, usage 64 seen; Flatten refused unconfirmed; audit --verify named record #{tampered}");
    }

    /// <summary>Edits the message of a recent chained audit row in storage; returns its sequence number.</summary>
    private async Task<long> TamperAsync(string account)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == account && e.RowKey.CompareTo("audit-") >= 0 && e.RowKey.CompareTo("audit.") < 0))
        {
            if (row.GetInt64("Sequence") is not null)
            {
                rows.Add(row);
            }
        }

        var target = rows.OrderByDescending(r => r.GetInt64("Sequence")).Skip(3).First();
        target["Message"] = "Nothing happened here.";
        await table.UpdateEntityAsync(target, target.ETag, TableUpdateMode.Merge);
        return target.GetInt64("Sequence")!.Value;
    }

    private static async Task<(int ExitCode, string Output)> UntilAsync(Func<Task<(int ExitCode, string Output)>> run, Func<(int ExitCode, string Output), bool> done, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        var result = await run();
        while (!done(result) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            result = await run();
        }

        Assert.True(done(result), $"never reached; last exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        return result;
    }
}
