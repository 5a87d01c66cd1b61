namespace FunctionsBot.Testing;

/// <summary>The DevHost started as a real process from its build output, on a free loopback port.</summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private DevHostProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public string Output => _process.Output;

    public static async Task<DevHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var (process, health) = await ChildProcess.StartBuiltAppAsync("FunctionsBot.DevHost", @"Health: (http://\S+)/api/health", WithEnvironment(settings));
        return new DevHostProcess(process, new Uri(health.Groups[1].Value + "/"));
    }

    /// <summary>Starts the DevHost expecting it to refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var process = ChildProcess.LaunchBuiltApp("FunctionsBot.DevHost", WithEnvironment(settings));
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(200);
        return (exitCode, process.Output);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>How many timer runs of the trade cycle this process finished (any outcome, skips included).</summary>
    public int CyclesRun => Output.Split('\n').Count(line => line.Contains("TradeCycle finished:", StringComparison.Ordinal) || line.Contains("Timer function TradeCycle failed", StringComparison.Ordinal));

    /// <summary>Stops the process as a host shutdown would (SIGTERM), so no cycle is cut in half.</summary>
    public Task StopAsync() => _process.TerminateAsync(TimeSpan.FromSeconds(20));

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }

    /// <summary>
    /// The test environment; the health report is cached for 1 s (not the default 10 s) so a test that waits for a
    /// change sees it promptly, unless the settings choose otherwise.
    /// </summary>
    private static Dictionary<string, string?> WithEnvironment(IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?> { ["Health__CacheSeconds"] = "1" };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        environment["DOTNET_ENVIRONMENT"] = "Test";
        environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        return environment;
    }
}
