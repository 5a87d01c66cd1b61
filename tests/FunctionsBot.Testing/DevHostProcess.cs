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
        var process = Launch(settings);
        try
        {
            var health = await process.WaitForLineAsync(@"Health: (http://\S+)/api/health", TimeSpan.FromSeconds(60));
            return new DevHostProcess(process, new Uri(health.Groups[1].Value + "/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the DevHost expecting it to refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var process = Launch(settings);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(200);
        return (exitCode, process.Output);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }

    private static ChildProcess Launch(IReadOnlyDictionary<string, string?> settings)
    {
        var output = RepoPaths.Output("FunctionsBot.DevHost");
        var dll = Path.Combine(output, "FunctionsBot.DevHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"DevHost not built at {dll}.");
        }

        var environment = new Dictionary<string, string?>(settings) { ["DOTNET_ENVIRONMENT"] = "Test", ["ASPNETCORE_ENVIRONMENT"] = "Test" };
        return ChildProcess.Start("dotnet", [dll, "--urls", "http://127.0.0.1:0"], environment, output);
    }
}
