using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FunctionsBot.Testing;
using Spectre.Console;
using static FunctionsBot.Bench.Numbers;

namespace FunctionsBot.Bench;

/// <summary>
/// <c>coldstart</c>: time from process start to the first <c>200</c> from <c>GET /api/health</c>, for the bot's
/// Functions build in the DevHost and for a bare ASP.NET Core app with one endpoint, alternating, in the same run; and
/// the requests the bot made to storage and the exchange before its first request (none: clients are lazy).
/// </summary>
internal static class ColdStartBench
{
    public static async Task<int> RunAsync(int runs, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var blob = await CountingProxy.StartAsync(azurite.BlobPort);
        await using var table = await CountingProxy.StartAsync(azurite.TablePort);
        await using var simulator = await SimulatorProcess.StartAsync();
        var bot = new List<double>();
        var bare = new List<double>();
        var botReady = new List<double>();
        var bareReady = new List<double>();
        var atStartup = new List<string>();
        long peakMb = 0;
        var baseline = Path.Combine(RepoPaths.Root, "bench", "FunctionsBot.Bench.Baseline", "bin", RepoPaths.Configuration, "net10.0");
        var devHost = RepoPaths.Output("FunctionsBot.DevHost");
        for (var i = 0; i < runs; i++)
        {
            var plain = await StartAsync(baseline, "FunctionsBot.Bench.Baseline.dll", "Baseline ready", new Dictionary<string, string?>(), cancellationToken);
            bare.Add(plain.Ms);
            bareReady.Add(plain.ReadyMs);

            var storageBefore = blob.Requests + table.Requests;
            var exchangeBefore = await ExchangeCallsAsync(simulator);
            var run = await StartAsync(devHost, "FunctionsBot.DevHost.dll", "Health: ", new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = AzuriteServer.ConnectionStringFor(blob.Port, table.Port),
                ["Binance__BaseUrl"] = simulator.BaseAddress.ToString(),
                ["Bot__Account"] = "cold" + i.ToString(CultureInfo.InvariantCulture),
                ["TradeCycle__Schedule"] = "0 0 0 1 1 *",
                ["Reconcile__Schedule"] = "0 0 0 1 1 *",
                ["Logging__LogLevel__Default"] = "Warning",
            }, cancellationToken, async () => (blob.Requests + table.Requests - storageBefore, await ExchangeCallsAsync(simulator) - exchangeBefore));
            bot.Add(run.Ms);
            botReady.Add(run.ReadyMs);
            peakMb = Math.Max(peakMb, run.PeakMb);
            atStartup.Add($"{run.BeforeFirstRequest.Storage} storage, {run.BeforeFirstRequest.Exchange} exchange before; the first health report {run.ByFirstReport.Storage} storage, {run.ByFirstReport.Exchange} exchange");
        }

        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var table2 = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "process", "runs", "listening (median ms)", "first 200 (median ms)", "min ms", "max ms" })
        {
            table2.AddColumn(new TableColumn(column).RightAligned());
        }

        table2.AddRow("bot (Functions build in the DevHost)", Text(bot.Count), Text(Median(botReady)), Text(Median(bot)), Text(bot.Min()), Text(bot.Max()));
        table2.AddRow("bare ASP.NET Core app, one endpoint", Text(bare.Count), Text(Median(bareReady)), Text(Median(bare)), Text(bare.Min()), Text(bare.Max()));
        AnsiConsole.Write(table2);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-start ratio bot / bare: {Median(bot) / Median(bare):0.00} (goal <= 1.3)"));
        AnsiConsole.WriteLine($"requests the bot made, per run: {string.Join("; ", atStartup)}");
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the bot process after its health check: {peakMb} MB"));
        return 0;
    }

    /// <summary>Starts the app, waits for its ready line, then polls GET /api/health until 200; returns the time from start and the peak working set.</summary>
    private static async Task<(double Ms, double ReadyMs, long PeakMb, (long Storage, long Exchange) BeforeFirstRequest, (long Storage, long Exchange) ByFirstReport)> StartAsync(
        string directory, string dll, string ready, Dictionary<string, string?> environment, CancellationToken cancellationToken, Func<Task<(long, long)>>? count = null)
    {
        var port = FreePort();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var watch = Stopwatch.StartNew();
        await using var process = ChildProcess.Start("dotnet", [Path.Combine(directory, dll), "--urls", $"http://127.0.0.1:{port}"], environment, directory);
        await process.WaitForLineAsync(ready, TimeSpan.FromSeconds(60));
        var readyMs = watch.Elapsed.TotalMilliseconds;
        var before = count is null ? (0, 0) : await count();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(5, cancellationToken);
        }

        var ms = watch.Elapsed.TotalMilliseconds;
        var after = count is null ? (0, 0) : await count();
        using var os = Process.GetProcessById(process.Id);
        return (ms, readyMs, os.PeakWorkingSet64 / 1024 / 1024, before, (after.Item1 - before.Item1, after.Item2 - before.Item2));
    }

    private static async Task<long> ExchangeCallsAsync(SimulatorProcess simulator) =>
        (await simulator.WeightByEndpointAsync()).Values.Sum(v => v.Calls);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
