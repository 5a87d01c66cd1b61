using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Simulator.Tests;

/// <summary>Replay mode: a kline file is the symbol's market, stepped by the admin clock.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private static readonly long T0 = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private SimulatorProcess _simulator = null!;

    public async ValueTask InitializeAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fb-replay-").FullName, "BTCUSDT-1m-2026-02.csv");
        // µs timestamps, as Binance's spot files from 2025: an up candle, a down candle, a gap up.
        await File.WriteAllLinesAsync(file, new[]
        {
            (100.00m, 103.00m, 99.00m, 102.00m),
            (102.00m, 102.50m, 97.00m, 98.00m),
            (110.00m, 111.00m, 109.00m, 110.50m),
        }.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{(T0 + (i * 60_000L)) * 1000},{c.Item1},{c.Item2},{c.Item3},{c.Item4},12.5,{((T0 + (i * 60_000L) + 59_999) * 1000) + 999},0,10,0,0,0")));
        _simulator = await SimulatorProcess.StartAsync(new Dictionary<string, string?> { ["Simulator__Replay"] = file });
    }

    public async ValueTask DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Replay_ThePathWalksEachCandle_OpenThenTheExtremesByDirectionThenClose()
    {
        var prices = new List<decimal>();
        foreach (var offset in new[] { 5_000L, 25_000L, 45_000L, 59_999L, 60_000L + 25_000L, 60_000L + 45_000L, 120_000L + 1_000L })
        {
            await _simulator.AdvanceMarketAsync(T0 + offset);
            prices.Add(await _simulator.PriceAsync("BTCUSDT"));
        }

        // Up candle: open 100, low 99 first, high 103, close 102; down candle: high 102.5 first, then low 97; then the gap to 110.
        Assert.Equal([100.00m, 99.00m, 103.00m, 102.00m, 102.50m, 97.00m, 110.00m], prices);
    }

    [Fact]
    public async Task Replay_KlinesAreTheFilesCandles_AndTheClockNeverGoesBack()
    {
        await _simulator.AdvanceMarketAsync(T0 + 120_000 + 30_000);
        using var http = new HttpClient { BaseAddress = _simulator.BaseAddress };
        var klines = await http.GetFromJsonAsync<JsonElement[]>("api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5", TestContext.Current.CancellationToken);

        Assert.Equal(3, klines!.Length); // nothing before the tape; the third is still forming
        Assert.Equal((T0, "100.00000000", "103.00000000", "99.00000000", "102.00000000", "12.50000000"), Row(klines[0]));
        Assert.Equal((T0 + 60_000, "102.00000000", "102.50000000", "97.00000000", "98.00000000", "12.50000000"), Row(klines[1]));
        Assert.Equal(T0 + 120_000, klines[2][0].GetInt64());
        using var back = await _simulator.Admin.PostAsJsonAsync("admin/clock", new { marketTime = T0 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        using var interval = await http.GetAsync(new Uri("api/v3/klines?symbol=BTCUSDT&interval=5m", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, interval.StatusCode);
    }

    private static (long, string?, string?, string?, string?, string?) Row(JsonElement k) =>
        (k[0].GetInt64(), k[1].GetString(), k[2].GetString(), k[3].GetString(), k[4].GetString(), k[5].GetString());
}
