using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using FunctionsBot.Binance;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Functions;
using FunctionsBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using static FunctionsBot.Bench.Numbers;

namespace FunctionsBot.Bench;

/// <summary>
/// <c>cycle</c>: the bot's own trade cycle (the Functions composition, in this process) against Azurite behind a
/// counting proxy and the simulator (0 and 100 ms injected latency, 50 symbols), idle and trading, for 1, 6 and 50
/// symbols. Per cycle: storage requests (counted at the storage endpoint), exchange weight (from the simulator), wall
/// time, and its ratio to the bare round trips measured in the same run.
/// </summary>
internal static class CycleBench
{
    /// <summary>Symbols and Binance__MaxConcurrentRequests; null: unset, the default (the number of symbols, at most 64). 50 at 8, the old default, for comparison.</summary>
    private static readonly (int Symbols, int? Concurrency)[] Shapes = [(1, null), (6, null), (50, 8), (50, null)];

    private static readonly string[] Listed = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT"];

    public static async Task<int> RunAsync(int cycles, CancellationToken cancellationToken)
    {
        var symbols = Listed.Concat(Enumerable.Range(1, 44).Select(n => $"S{n:000}USDT")).ToList();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var blob = await CountingProxy.StartAsync(azurite.BlobPort);
        await using var table = await CountingProxy.StartAsync(azurite.TablePort);
        var storage = new Storage(AzuriteServer.ConnectionStringFor(blob.Port, table.Port), azurite.ConnectionString, blob, table);
        var rows = new List<Row>();
        foreach (var latency in new[] { 0, 100 })
        {
            await using var simulator = await SimulatorProcess.StartAsync(new Dictionary<string, string?>
            {
                ["Simulator__LatencyMs"] = latency.ToString(CultureInfo.InvariantCulture),
                ["Simulator__GeneratedSymbols"] = "44",
                ["Simulator__Balances"] = "USDT=10000000",
                ["Simulator__WeightLimitPerMinute"] = "1000000",
            });
            var bare = await BareAsync(simulator, storage, cancellationToken);
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"latency {latency} ms: bare exchange round trip {bare.Exchange:0.0} ms, storage round trip {bare.Storage:0.0} ms")));
            foreach (var (count, concurrency) in Shapes)
            {
                rows.Add(await MeasureAsync("idle", latency, symbols.Take(count).ToList(), concurrency, cycles, simulator, storage, bare, cancellationToken));
            }

            await simulator.SetMarketSpeedAsync(300);
            foreach (var (count, concurrency) in Shapes)
            {
                rows.Add(await MeasureAsync("trading", latency, symbols.Take(count).ToList(), concurrency, cycles * 2, simulator, storage, bare, cancellationToken));
            }
        }

        Print(rows);
        return 0;
    }

    private static async Task<Row> MeasureAsync(
        string kind, int latency, List<string> symbols, int? concurrency, int cycles, SimulatorProcess simulator, Storage storage, (double Exchange, double Storage) bare, CancellationToken cancellationToken)
    {
        var account = "bench" + Guid.NewGuid().ToString("N")[..10];
        var trading = kind == "trading";
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ProxiedConnection,
            ["Bot:Mode"] = "Simulated",
            ["Bot:Account"] = account,
            ["Bot:Symbols"] = string.Join(',', symbols),
            ["Binance:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Binance:ApiKey"] = SimulatorProcess.ApiKey,
            ["Binance:ApiSecret"] = SimulatorProcess.ApiSecret,
            ["Binance:MaxConcurrentRequests"] = concurrency?.ToString(CultureInfo.InvariantCulture),
            // Cycles back to back spend a minute's weight in seconds: at the budget's maximum, a cycle that still waited
            // for the next minute is counted apart ("paced"), not averaged into the wall time.
            ["Binance:WeightBudgetPerMinute"] = "6000",
            ["Strategy:Protection"] = "Bot",
            ["Strategy:Interval"] = trading ? "1m" : "1h",
            ["Strategy:FastPeriod"] = "2",
            ["Strategy:SlowPeriod"] = "4",
            ["Strategy:StopLossPercent"] = "0.3",
            ["Strategy:TakeProfitPercent"] = "0.3",
            ["Strategy:TradeQuote"] = "20",
            ["Risk:MaxOpenPositions"] = "100",
            ["Risk:CooldownMinutes"] = "0",
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddFunctionsBot();
        using var host = builder.Build();
        var runner = host.Services.GetRequiredService<TradeCycleRunner>();
        var client = host.Services.GetRequiredService<BinanceSpotClient>();
        var paced = 0;

        // Warm-up: the first cycles create the table and container, fetch the filters and roll the day.
        for (var i = 0; i < 2; i++)
        {
            await runner.RunAsync(cancellationToken);
        }

        var samples = new List<Sample>();
        for (var i = 0; i < cycles; i++)
        {
            var before = await storage.SnapshotAsync(account, simulator);
            var waits = client.PacedWaits;
            var watch = Stopwatch.StartNew();
            var result = await runner.RunAsync(cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            var after = await storage.SnapshotAsync(account, simulator);
            if (client.PacedWaits > waits)
            {
                paced++;
            }
            else if (result.Outcome == CycleOutcome.Completed)
            {
                samples.Add(new Sample(after.Requests - before.Requests, after.Weight - before.Weight, after.Orders - before.Orders, after.Audit - before.Audit, elapsed));
            }
        }

        // Idle: no order and nothing audited but the cycle's own record. Trading: at least one order.
        var kept = trading ? samples.Where(s => s.Orders > 0).ToList() : samples.Where(s => s.Orders == 0 && s.Audit == 1).ToList();
        var orders = kept.Count == 0 ? 0 : kept.Average(s => s.Orders);
        var floor = bare.Exchange * (1 + (2 * orders)) + (bare.Storage * (4 + (2 * orders)));
        return new Row(kind, symbols.Count, concurrency, latency, kept.Count, samples.Count, paced, orders,
            kept.Count == 0 ? double.NaN : kept.Average(s => s.Requests),
            kept.Count == 0 ? double.NaN : kept.Average(s => s.Weight),
            kept.Count == 0 ? double.NaN : kept.Average(s => s.WallMs),
            floor);
    }

    /// <summary>Sequential round trips measured now: a ping to the simulator, and a read of one entity through the proxy.</summary>
    private static async Task<(double Exchange, double Storage)> BareAsync(SimulatorProcess simulator, Storage storage, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        var client = new TableClient(storage.ProxiedConnection, "benchbare");
        await client.CreateIfNotExistsAsync(cancellationToken);
        await client.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 }, cancellationToken: cancellationToken);
        await (await http.GetAsync(new Uri("api/v3/ping", UriKind.Relative), cancellationToken)).Content.ReadAsStringAsync(cancellationToken);
        await client.GetEntityAsync<TableEntity>("p", "r", cancellationToken: cancellationToken);
        var exchange = new List<double>();
        var table = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var response = await http.GetAsync(new Uri("api/v3/ping", UriKind.Relative), cancellationToken))
            {
                await response.Content.ReadAsStringAsync(cancellationToken);
            }

            exchange.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await client.GetEntityAsync<TableEntity>("p", "r", cancellationToken: cancellationToken);
            table.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (Median(exchange), Median(table));
    }

    private static void Print(IReadOnlyList<Row> rows)
    {
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "cycle", "symbols", "concurrent", "latency ms", "cycles", "paced", "orders/cycle", "storage req/cycle", "weight/cycle", "wall ms", "bare ms", "wall / bare" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var r in rows)
        {
            table.AddRow(r.Kind, Text(r.Symbols), r.Concurrency is { } set ? Text(set) : $"default ({Math.Min(r.Symbols, 64)})", Text(r.LatencyMs), $"{r.Kept}/{r.Measured}", Text(r.Paced), Text(r.Orders, "0.0"), Text(r.StorageRequests, "0.0"), Text(r.Weight, "0.0"), Text(r.WallMs, "0"), Text(r.BareMs, "0"), Text(r.WallMs / r.BareMs, "0.00"));
        }

        AnsiConsole.Write(table);
        foreach (var kind in new[] { "idle", "trading" })
        {
            var one = rows.Single(r => r.Kind == kind && r.LatencyMs == 100 && r.Symbols == 1);
            foreach (var fifty in rows.Where(r => r.Kind == kind && r.LatencyMs == 100 && r.Symbols == 50))
            {
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}, 100 ms: 50 symbols with {fifty.Concurrency?.ToString(CultureInfo.InvariantCulture) ?? "the default (50)"} concurrent requests take {fifty.WallMs / one.WallMs:0.00} x the 1-symbol time (goal <= 1.5)"));
            }
        }

        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of this process (the bot in-process, the proxies): {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB"));
        AnsiConsole.WriteLine("bare ms = exchange round trip x (1 + 2 x orders) + storage round trip x (4 + 2 x orders): one round of market data, acquire + load + commit + release, and per order its price read and placement, intent and fill.");
    }

    private sealed record Sample(long Requests, long Weight, int Orders, int Audit, double WallMs);

    private sealed record Row(string Kind, int Symbols, int? Concurrency, int LatencyMs, int Kept, int Measured, int Paced, double Orders, double StorageRequests, double Weight, double WallMs, double BareMs);

    /// <summary>Azurite behind the proxies (what the bot uses) and directly (what the bench reads, uncounted).</summary>
    private sealed class Storage(string proxied, string direct, CountingProxy blob, CountingProxy table)
    {
        public string ProxiedConnection => proxied;

        public async Task<(long Requests, long Weight, int Orders, int Audit)> SnapshotAsync(string account, SimulatorProcess simulator)
        {
            var stats = await simulator.Admin.GetFromJsonAsync<JsonElement>("admin/stats");
            var weight = stats.GetProperty("byEndpoint").EnumerateObject().Sum(e => e.Value.GetProperty("weight").GetInt64());
            var orders = (await simulator.OrdersAsync()).Count;
            var audit = 0;
            await foreach (var _ in new TableClient(direct, "ledger").QueryAsync<TableEntity>(
                e => e.PartitionKey == account && e.RowKey.CompareTo("audit-") >= 0 && e.RowKey.CompareTo("audit.") < 0, select: ["RowKey"]))
            {
                audit++;
            }

            return (blob.Requests + table.Requests, weight, orders, audit);
        }
    }
}
