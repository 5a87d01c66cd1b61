using System.Text.Json;
using Azure.Data.Tables;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// A simulator with a fast market clock, bot processes (DevHosts) over the shared Azurite on one account,
/// and readers for what the ledger and the simulator hold.
/// </summary>
internal sealed class TradingRig(AzuriteFixture azurite, SimulatorProcess simulator, string account) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly List<DevHostProcess> _bots = [];

    public SimulatorProcess Simulator => simulator;

    public string Account => account;

    public IReadOnlyList<DevHostProcess> Bots => _bots;

    public string OrderPrefix { get; } = "fb" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account)))[..8] + "-";

    public static async Task<TradingRig> StartAsync(AzuriteFixture azurite, int clockSpeed, params (string Key, string Value)[] simulatorSettings)
    {
        var settings = new Dictionary<string, string?> { ["Simulator__ClockSpeed"] = clockSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in simulatorSettings)
        {
            settings[key] = value;
        }

        var simulator = await SimulatorProcess.StartAsync(settings);
        return new TradingRig(azurite, simulator, "x" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Settings that make the default strategy trade often on the fast clock, with tight limits.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Binance__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Bot__Account"] = account,
            ["Bot__Symbols"] = "BTCUSDT,ETHUSDT,SOLUSDT",
            ["TradeCycle__Schedule"] = "* * * * * *",
            ["Strategy__MaCrossover__FastPeriod"] = "2",
            ["Strategy__MaCrossover__SlowPeriod"] = "4",
            ["Strategy__StopLossPercent"] = "0.3",
            ["Strategy__TakeProfitPercent"] = "0.3",
            ["Strategy__TradeQuote"] = "20",
            ["Risk__MaxOpenPositions"] = "1",
            ["Risk__CooldownMinutes"] = "0",
            ["Risk__RecoveryGraceSeconds"] = "5",
            ["Binance__RequestTimeoutSeconds"] = "2", // an order call is decided within 2 s + 2 s recvWindow: under the 5 s grace
            ["Binance__RecvWindowMs"] = "2000",
            ["Lock__LeaseSeconds"] = "15",
            ["Lock__RenewSeconds"] = "5",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task<DevHostProcess> StartBotAsync(Dictionary<string, string?> settings)
    {
        var bot = await DevHostProcess.StartAsync(settings);
        _bots.Add(bot);
        return bot;
    }

    public async Task StopBotsAsync()
    {
        foreach (var bot in _bots)
        {
            await bot.DisposeAsync();
        }

        _bots.Clear();
    }

    public async Task<List<LedgerPosition>> PositionsAsync()
    {
        var positions = new List<LedgerPosition>();
        await foreach (var row in RowsAsync(e => e.PartitionKey == account))
        {
            if (row.RowKey.StartsWith("pos-", StringComparison.Ordinal))
            {
                positions.Add(new LedgerPosition(
                    row.GetInt64("Sequence")!.Value,
                    row.GetString("Symbol"),
                    row.GetString("Status"),
                    row.GetString("EntryClientOrderId"),
                    row.GetString("ExitClientOrderId"),
                    row.GetInt32("ExitCount") ?? 0,
                    Dec(row.GetString("RealizedPnl")),
                    Dec(row.GetString("Quantity")) ?? 0,
                    Dec(row.GetString("HeldCost")) ?? 0,
                    Dec(row.GetString("DustWrittenOff")) ?? 0,
                    row.GetDateTimeOffset("CreatedAt")!.Value,
                    row.GetDateTimeOffset("ClosedAt"),
                    row.GetString("ExitReason"))
                {
                    Protection = row.GetString("Protection") is { } json ? JsonSerializer.Deserialize<LedgerProtection>(json, WebJson) : null,
                    SymbolHalt = row.GetString("SymbolHalt"),
                });
            }
        }

        return positions;
    }

    /// <summary>
    /// Breaks the account's lease a killed bot left behind, as an operator would (<c>az storage blob lease break</c>),
    /// so a restart need not wait out its 15 s: the lease's own expiry is proven by the storage tests. No-op without one.
    /// </summary>
    public async Task BreakLeaseAsync()
    {
        var blob = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("locks").GetBlobClient(account);
        try
        {
            await Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(blob).BreakAsync(TimeSpan.Zero);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 409)
        {
            // No blob, or no lease on it.
        }
    }

    /// <summary>Every client order id the ledger's positions recorded: the entry, each exit (-x, -x2, -x3 …) and both legs of each protective list (-p1s, -p1t …).</summary>
    public static HashSet<string> OrderIds(IEnumerable<LedgerPosition> positions) =>
        positions.SelectMany(p => new[] { p.EntryClientOrderId }.Concat(p.ExitClientOrderIds).Concat(p.ListClientOrderIds.SelectMany(l => new[] { l + "s", l + "t" }))).ToHashSet();

    private static decimal? Dec(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every audit row's kind, message, data and time, newest first.</summary>
    public async Task<List<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)>> AuditAsync()
    {
        var audit = new List<(string, string, Dictionary<string, string>, DateTimeOffset)>();
        await foreach (var row in RowsAsync(e => e.PartitionKey == account && e.RowKey.CompareTo("audit-") >= 0 && e.RowKey.CompareTo("audit.") < 0))
        {
            var data = row.GetString("Data") is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)! : [];
            audit.Add((row.GetString("Kind"), row.GetString("Message"), data, row.GetDateTimeOffset("At")!.Value));
        }

        return audit;
    }

    /// <summary>The account's ledger rows matching the filter; none before a bot has created the table.</summary>
    private async IAsyncEnumerable<TableEntity> RowsAsync(System.Linq.Expressions.Expression<Func<TableEntity, bool>> filter)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger");
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync(filter))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }

        foreach (var row in rows)
        {
            yield return row;
        }
    }

    /// <summary>
    /// What a failed drill should show: how many audit rows of each kind, the last audit messages, and the
    /// tail of a bot's output.
    /// </summary>
    public static string Diagnosis(IReadOnlyList<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)> audit, DevHostProcess bot)
    {
        var nl = Environment.NewLine;
        var kinds = string.Join(", ", audit.GroupBy(a => a.Kind).Select(g => $"{g.Key} {g.Count()}"));
        var last = string.Join(nl, audit.Take(15).Reverse().Select(a => $"  {a.At:HH:mm:ss.fff} {a.Kind}: {a.Message}"));
        return $"audit: {kinds}{nl}last audit rows:{nl}{last}{nl}bot output:{nl}{string.Join(nl, bot.Output.Split('\n').TakeLast(40))}";
    }

    /// <summary>The simulator's orders of this rig's account.</summary>
    public async Task<List<SimulatedOrder>> OrdersAsync() => (await simulator.OrdersAsync()).Where(o => o.ClientOrderId.StartsWith(OrderPrefix, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopBotsAsync();
        await simulator.DisposeAsync();
    }
}

internal sealed record LedgerPosition(
    long Sequence,
    string Symbol,
    string Status,
    string EntryClientOrderId,
    string? ExitClientOrderId,
    int ExitCount,
    decimal? RealizedPnl,
    decimal Quantity,
    decimal HeldCost,
    decimal DustWrittenOff,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string? ExitReason)
{
    /// <summary>Base the ledger holds in this row: open, being exited, or dust.</summary>
    public bool HoldsBase => Status is "Open" or "Closing" or "Dust";

    public IEnumerable<string> ExitClientOrderIds => ExitClientOrderId is null
        ? []
        : Enumerable.Range(1, Math.Max(1, ExitCount)).Select(n => EntryClientOrderId[..^1] + "x" + (n == 1 ? string.Empty : n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The latest protective list the ledger wrote for the position, if any.</summary>
    public LedgerProtection? Protection { get; init; }

    /// <summary>The symbol's status while the exchange halted it, as the cycle last saw it.</summary>
    public string? SymbolHalt { get; init; }

    /// <summary>The client ids of every protective list attempt (-p1, -p2 …).</summary>
    public IEnumerable<string> ListClientOrderIds => Protection is null
        ? []
        : Enumerable.Range(1, Protection.Attempt).Select(n => EntryClientOrderId[..^1] + "p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A position's protective list as the ledger stores it (the row's <c>Protection</c> JSON).</summary>
internal sealed record LedgerProtection(int Attempt, string Status, string ListClientOrderId, decimal Quantity, decimal StopPrice, decimal StopLimitPrice, decimal TakeProfitPrice, long? OrderListId)
{
    /// <summary>Why the position is not protected at the exchange, while the list is refused.</summary>
    public string? Problem { get; init; }
}
