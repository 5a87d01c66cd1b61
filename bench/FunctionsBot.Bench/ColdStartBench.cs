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
/// Functions build in the DevHost and for a bare isolated-worker app with one HTTP function served the same way, each
/// as built and as published (framework-dependent, ReadyToRun for linux-x64: what <c>azd deploy</c> ships), started in
/// turn in the same run; and the requests the bot made to storage and the exchange before its first request (none:
/// clients are lazy).
/// </summary>
internal static class ColdStartBench
{
    public static async Task<int> RunAsync(int runs, CancellationToken cancellationToken)
    {
        var published = Path.Combine(Path.GetTempPath(), "functionsbot-coldstart");
        var apps = new[]
        {
            new App("bare: one HTTP function, as built", Path.Combine(RepoPaths.Root, "bench", "FunctionsBot.Bench.Baseline", "bin", RepoPaths.Configuration, "net10.0"), "FunctionsBot.Bench.Baseline.dll", IsBot: false),
            new App("bot: Functions build in the DevHost, as built", RepoPaths.Output("FunctionsBot.DevHost"), "FunctionsBot.DevHost.dll", IsBot: true),
            new App("bare: one HTTP function, published ReadyToRun", Path.Combine(published, "baseline"), "FunctionsBot.Bench.Baseline.dll", IsBot: false),
            new App("bot: Functions build in the DevHost, published ReadyToRun", Path.Combine(published, "devhost"), "FunctionsBot.DevHost.dll", IsBot: true),
        };
        AnsiConsole.WriteLine("Publishing the DevHost and the baseline ReadyToRun (linux-x64, framework-dependent)...");
        await PublishAsync(Path.Combine("bench", "FunctionsBot.Bench.Baseline"), apps[2].Directory, cancellationToken);
        await PublishAsync(Path.Combine("src", "FunctionsBot.DevHost"), apps[3].Directory, cancellationToken);

        await using var azurite = await AzuriteServer.StartAsync();
        await using var blob = await CountingProxy.StartAsync(azurite.BlobPort);
        await using var table = await CountingProxy.StartAsync(azurite.TablePort);
        await using var simulator = await SimulatorProcess.StartAsync();
        var results = apps.ToDictionary(a => a, _ => new List<Start>());
        var atStartup = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            foreach (var app in apps)
            {
                var storageBefore = blob.Requests + table.Requests;
                var exchangeBefore = await ExchangeCallsAsync(simulator);
                Dictionary<string, string?> environment = app.IsBot
                    ? new()
                    {
                        ["AzureWebJobsStorage"] = AzuriteServer.ConnectionStringFor(blob.Port, table.Port),
                        ["Binance__BaseUrl"] = simulator.BaseAddress.ToString(),
                        ["Bot__Account"] = FormattableString.Invariant($"cold{i}x{Array.IndexOf(apps, app)}"),
                        ["TradeCycle__Schedule"] = "0 0 0 1 1 *",
                        ["Reconcile__Schedule"] = "0 0 0 1 1 *",
                        ["Logging__LogLevel__Default"] = "Warning",
                    }
                    : [];
                var run = await StartAsync(app, environment, async () => (blob.Requests + table.Requests - storageBefore, await ExchangeCallsAsync(simulator) - exchangeBefore), cancellationToken);
                results[app].Add(run);
                if (app.IsBot)
                {
                    atStartup.Add($"{run.BeforeFirstRequest.Storage} storage, {run.BeforeFirstRequest.Exchange} exchange before; the first report {run.ByFirstReport.Storage} storage, {run.ByFirstReport.Exchange} exchange");
                }
            }
        }

        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var grid = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "process", "runs", "listening (median ms)", "first 200 (median ms)", "min ms", "max ms", "peak working set MB" })
        {
            grid.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var (app, starts) in results)
        {
            var firstOk = starts.Select(s => s.Ms).ToList();
            grid.AddRow(app.Name, Text(starts.Count), Text(Median(starts.Select(s => s.ReadyMs).ToList())), Text(Median(firstOk)), Text(firstOk.Min()), Text(firstOk.Max()), Text(starts.Max(s => s.PeakMb)));
        }

        AnsiConsole.Write(grid);
        double MedianOf(int index) => Median(results[apps[index]].Select(s => s.Ms).ToList());
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-start ratio bot / bare: as built {MedianOf(1) / MedianOf(0):0.00}, published ReadyToRun {MedianOf(3) / MedianOf(2):0.00} (goal <= 1.3)"));
        AnsiConsole.WriteLine($"requests the bot made, per start: {string.Join("; ", atStartup.Distinct())}");
        return 0;
    }

    private sealed record App(string Name, string Directory, string Dll, bool IsBot);

    private sealed record Start(double Ms, double ReadyMs, long PeakMb, (long Storage, long Exchange) BeforeFirstRequest, (long Storage, long Exchange) ByFirstReport);

    private static async Task PublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        await using var publish = ChildProcess.Start("dotnet", ["publish", Path.Combine(RepoPaths.Root, project), "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output, "--nologo", "-v", "q"]);
        if (await publish.WaitForExitAsync(TimeSpan.FromMinutes(10)) != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed:{Environment.NewLine}{publish.Output}");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Starts the app, waits for its ready line, then polls GET /api/health until 200; returns the time from start and the peak working set.</summary>
    private static async Task<Start> StartAsync(App app, Dictionary<string, string?> environment, Func<Task<(long, long)>> count, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var watch = Stopwatch.StartNew();
        await using var process = ChildProcess.Start("dotnet", [Path.Combine(app.Directory, app.Dll), "--urls", $"http://127.0.0.1:{port}"], environment, app.Directory);
        await process.WaitForLineAsync(app.IsBot ? "Health: " : "Baseline ready", TimeSpan.FromSeconds(60));
        var readyMs = watch.Elapsed.TotalMilliseconds;
        var before = await count();
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
        var after = await count();
        using var os = Process.GetProcessById(process.Id);
        return new Start(ms, readyMs, os.PeakWorkingSet64 / 1024 / 1024, before, (after.Item1 - before.Item1, after.Item2 - before.Item2));
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
