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
    public async Task ArmAsync(string kind, int count = 1, int retryAfterSeconds = 2, int latencyMs = 0, int durationMs = 0, int status = 503, string? request = null, string? body = null)
    {
        using var response = await Admin.PostAsJsonAsync("admin/faults", new { kind, count, retryAfterSeconds, latencyMs, durationMs, status, request, body });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<SimulatedOrder>> OrdersAsync() =>
        await Admin.GetFromJsonAsync<List<SimulatedOrder>>("admin/orders") ?? [];

    /// <summary>Every trade of the account with its commission and commission asset: the independent record of what filled.</summary>
    public async Task<IReadOnlyList<SimulatedTrade>> TradesAsync() =>
        await Admin.GetFromJsonAsync<List<SimulatedTrade>>("admin/trades") ?? [];

    /// <summary>Free + locked per asset.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> BalancesAsync() =>
        (await Admin.GetFromJsonAsync<List<SimulatedBalance>>("admin/balances") ?? [])
            .ToDictionary(b => b.Asset, b => Dec(b.Free) + Dec(b.Locked), StringComparer.Ordinal);

    /// <summary>Sets a book's liquidity (all symbols when <paramref name="symbol"/> is null); null values keep the current ones.</summary>
    public Task SetLiquidityAsync(string? symbol = null, int? levels = null, decimal? spacing = null, decimal? levelQuote = null, double? emptyBookPercent = null) =>
        PostAsync("admin/liquidity", new { symbol, levels, spacing, levelQuote, emptyBookPercent });

    /// <summary>Moves the symbol's whole price path by <paramref name="percent"/> from now on (a gap); returns the price after it.</summary>
    public async Task<decimal> ShockAsync(string symbol, decimal percent)
    {
        using var response = await Admin.PostAsJsonAsync("admin/shock", new { symbol, percent });
        response.EnsureSuccessStatusCode();
        return Dec((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("price").GetString()!);
    }

    /// <summary>The last price (<c>GET /api/v3/ticker/price</c>).</summary>
    public async Task<decimal> PriceAsync(string symbol) =>
        Dec((await Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/v3/ticker/price?symbol={symbol}")).GetProperty("price").GetString()!);

    /// <summary>Calls and request weight per endpoint since the simulator started (<c>GET /api/v3/openOrderList</c> …).</summary>
    /// <summary>The most request weight used in any one minute, and how many requests were answered 429 for weight, since start-up.</summary>
    public async Task<(int PeakMinuteWeight, int RateLimited)> WeightPeakAsync()
    {
        var stats = await Admin.GetFromJsonAsync<System.Text.Json.JsonElement>("admin/stats");
        return (stats.GetProperty("peakMinuteWeight").GetInt32(), stats.GetProperty("rateLimited").GetInt32());
    }

    public async Task<IReadOnlyDictionary<string, (long Calls, long Weight)>> WeightByEndpointAsync()
    {
        var stats = await Admin.GetFromJsonAsync<System.Text.Json.JsonElement>("admin/stats");
        return stats.GetProperty("byEndpoint").EnumerateObject()
            .ToDictionary(e => e.Name, e => (e.Value.GetProperty("calls").GetInt64(), e.Value.GetProperty("weight").GetInt64()), StringComparer.Ordinal);
    }

    /// <summary>From now on the market clock runs <paramref name="speed"/> times real time (continuing from where it is).</summary>
    public Task SetMarketSpeedAsync(double speed) => PostAsync("admin/clock", new { speed });

    /// <summary>Moves the market clock forward to <paramref name="marketTime"/> (Unix ms): a replay's step.</summary>
    public Task AdvanceMarketAsync(long marketTime) => PostAsync("admin/clock", new { marketTime });

    /// <summary>Takes the symbol out of trading (exchangeInfo status <paramref name="status"/>) for that much market time.</summary>
    public Task HaltAsync(string symbol, string status, double marketMinutes) => PostAsync("admin/halt", new { symbol, status, marketMinutes });

    /// <summary>The exchange accepts only this key pair from now on (a key regenerated at Binance); the defaults restore the original pair.</summary>
    public Task SetKeysAsync(string apiKey = ApiKey, string apiSecret = ApiSecret) => PostAsync("admin/keys", new { apiKey, apiSecret });

    /// <summary>The exchange accepts only <paramref name="apiKey"/> with signatures of this Ed25519 or RSA public key (PEM) from now on.</summary>
    public Task SetPublicKeyAsync(string apiKey, string publicKey) => PostAsync("admin/keys", new { apiKey, publicKey });

    public Task PayFeesWithBnbAsync(bool on) => PostAsync("admin/account", new { payFeesWithBnb = on });

    /// <summary>A deposit (positive) or withdrawal (negative), as a person would make outside the bot.</summary>
    public Task TransferAsync(string asset, decimal amount) => PostAsync("admin/transfer", new { asset, amount });

    /// <summary>A MARKET order placed by hand on the account (client id <c>web_…</c>), not by the bot.</summary>
    public Task ManualTradeAsync(string symbol, string side, decimal quantity) => PostAsync("admin/trade", new { symbol, side, quantity });

    /// <summary>
    /// A MARKET order sent through the signed REST API with the client id given, as any API client of the account
    /// could (for example one reusing the bot's prefix). Returns the exchange's reply.
    /// </summary>
    public Task<System.Text.Json.JsonElement> PlaceSignedOrderAsync(string symbol, string side, decimal quantity, string clientOrderId) =>
        SendSignedAsync(HttpMethod.Post, "api/v3/order", string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"symbol={symbol}&side={side}&type=MARKET&quantity={quantity}&newClientOrderId={clientOrderId}"));

    /// <summary>A signed request as any API client of the account sends it; the reply, or an exception with the error.</summary>
    public async Task<System.Text.Json.JsonElement> SendSignedAsync(HttpMethod method, string path, string query)
    {
        var signed = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{query}&timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(ApiSecret), System.Text.Encoding.UTF8.GetBytes(signed)));
        using var request = new HttpRequestMessage(method, $"{path}?{signed}&signature={signature}");
        request.Headers.Add("X-MBX-APIKEY", ApiKey);
        using var response = await Admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? System.Text.Json.JsonDocument.Parse(body).RootElement.Clone()
            : throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {body}");
    }

    /// <summary>The symbol's LOT_SIZE step, from the simulator's exchangeInfo.</summary>
    public async Task<decimal> StepSizeAsync(string symbol)
    {
        var info = await Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/v3/exchangeInfo?symbol={symbol}");
        var lot = info.GetProperty("symbols")[0].GetProperty("filters").EnumerateArray().First(f => f.GetProperty("filterType").GetString() == "LOT_SIZE");
        return Dec(lot.GetProperty("stepSize").GetString()!);
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _process.DisposeAsync();
    }
}

/// <summary>A trade as the simulator's admin endpoint lists it.</summary>
public sealed record SimulatedTrade(long Id, string Symbol, long OrderId, string Price, string Qty, string QuoteQty, string Commission, string CommissionAsset, long Time, bool IsBuyer, bool IsMaker, long MarketTime = 0);

/// <summary>A balance as the simulator's admin endpoint lists it.</summary>
public sealed record SimulatedBalance(string Asset, string Free, string Locked);

/// <summary>An order as the simulator's admin endpoint lists it.</summary>
public sealed record SimulatedOrder(long OrderId, string Symbol, string ClientOrderId, string Side, string Type, string Status, string ExecutedQty, string CummulativeQuoteQty, string Commission, string? CommissionAsset, int Fills)
{
    /// <summary>On the book (Binance's isWorking): false for a stop leg that never triggered.</summary>
    public bool IsWorking { get; init; }

    /// <summary>A LIMIT order's price, a stop leg's limit; "0.00000000" for a MARKET order.</summary>
    public string Price { get; init; } = "0";

    /// <summary>Exchange time (ms) the order started working: its placement, or for a pending OPO leg the moment the exchange placed it.</summary>
    public long WorkingSince { get; init; }

    /// <summary>Exchange time (ms) of the order's last fill; 0 without fills.</summary>
    public long LastFillTime { get; init; }
}
