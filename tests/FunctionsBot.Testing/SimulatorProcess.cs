using System.Net.Http.Json;

namespace FunctionsBot.Testing;

/// <summary>The Binance simulator started as a real process from its build output, on a free loopback port.</summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    public const string ApiKey = "simulator-api-key";
    public const string ApiSecret = "simulator-api-secret";

    private readonly ChildProcess _process;

    private SimulatorProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>For the admin endpoints: faults, clock, order list.</summary>
    public HttpClient Admin { get; }

    public string Output => _process.Output;

    public static async Task<SimulatorProcess> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (process, ready) = await ChildProcess.StartBuiltAppAsync("FunctionsBot.Simulator", @"Binance simulator: (http://\S+)", settings);
        return new SimulatorProcess(process, new Uri(ready.Groups[1].Value + "/"));
    }

    /// <summary>
    /// Arms a fault (see the simulator's FaultKind) for the next <paramref name="count"/> matching requests;
    /// <paramref name="request"/> (<c>"POST /api/v3/order"</c>) limits it to one method and path.
    /// </summary>
    public async Task ArmAsync(string kind, int count = 1, int retryAfterSeconds = 2, int latencyMs = 0, int durationMs = 0, int status = 503, string? request = null)
    {
        using var response = await Admin.PostAsJsonAsync("admin/faults", new { kind, count, retryAfterSeconds, latencyMs, durationMs, status, request });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<SimulatedOrder>> OrdersAsync() =>
        await Admin.GetFromJsonAsync<List<SimulatedOrder>>("admin/orders") ?? [];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _process.DisposeAsync();
    }
}

/// <summary>An order as the simulator's admin endpoint lists it.</summary>
public sealed record SimulatedOrder(long OrderId, string Symbol, string ClientOrderId, string Side, string Type, string Status, string ExecutedQty, string CummulativeQuoteQty, string Commission, string? CommissionAsset);
