using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using FunctionsBot.Backtest.Data;
using FunctionsBot.Backtest.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace FunctionsBot.Backtest.Tests;

/// <summary>
/// <c>data download</c> against a local fake of data.binance.vision's layout (static files with range requests, each zip
/// with its .CHECKSUM) and of REST klines for the days the archive does not have yet.
/// </summary>
public sealed class KlineArchiveTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 2, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("fb-archive-").FullName;
    private readonly List<string> _requests = [];
    private WebApplication? _server;
    private Uri _url = null!;

    public async ValueTask InitializeAsync()
    {
        Publish("monthly", "2025-01", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 31 * 24);
        Publish("daily", "2025-02-01", new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), 24);
        Publish("daily", "2025-02-02", new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.Zero), 24);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.Use((context, next) =>
        {
            lock (_requests)
            {
                _requests.Add($"{context.Request.Path}{(context.Request.Headers.Range.Count > 0 ? " " + context.Request.Headers.Range : string.Empty)}");
            }

            return next(context);
        });
        _server.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(_root), ServeUnknownFileTypes = true, ContentTypeProvider = new FileExtensionContentTypeProvider() });
        _server.MapGet("/api/v3/klines", (long startTime, long endTime, int limit) =>
            Results.Json(Enumerable.Range(0, limit).Select(i => startTime + (i * 3_600_000L)).Where(t => t <= endTime && t + 3_599_999 < Now.ToUnixTimeMilliseconds())
                .Select(t => new object[] { t, "101.5", "102", "101", "101.75", "3", t + 3_599_999, "300", 7, "1", "100", "0" })));
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _url = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task Download_MonthlyDailyAndRest_VerifiedCachedAndResumed_ThenBacktestable()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("fb-data-").FullName;
        // A download cut off after 100 bytes: the next one asks for the rest only.
        var monthly = await File.ReadAllBytesAsync(Path.Combine(_root, "data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2025-01.zip"), ct);
        await File.WriteAllBytesAsync(Path.Combine(folder, "BTCUSDT-1h-2025-01.zip.part"), monthly[..100], ct);
        using var http = new HttpClient();

        var first = Archive(http, folder);
        await first.DownloadAsync(["BTCUSDT"], "1h", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 5), ct);
        var second = Archive(http, folder);
        await second.DownloadAsync(["BTCUSDT"], "1h", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 5), ct);

        Assert.Equal(
            [
                "BTCUSDT-1h-2025-01.zip: downloaded (resumed at byte 100), checksum verified",
                "BTCUSDT-1h-2025-02-01.zip: downloaded, checksum verified",
                "BTCUSDT-1h-2025-02-02.zip: downloaded, checksum verified",
                "BTCUSDT-1h-2025-02-03.csv: 24 klines from REST",
                "BTCUSDT-1h-2025-02-04-partial.csv: 12 klines from REST",
            ],
            first.Log);
        Assert.Contains("/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2025-01.zip bytes=100-", _requests);
        Assert.StartsWith("BTCUSDT-1h-2025-01.zip: cached, checksum verified", second.Log[0], StringComparison.Ordinal);
        Assert.Equal(monthly, await File.ReadAllBytesAsync(Path.Combine(folder, "BTCUSDT-1h-2025-01.zip"), ct));

        // The folder reads as one history: every hour from 2025-01-01 to the last closed one, none twice.
        var candles = KlineFiles.Read(folder, "BTCUSDT", "1h", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue).ToList();
        Assert.Equal((31 * 24) + (3 * 24) + 12, candles.Count); // 00:00 … 11:00 of today have closed by 12:00
        Assert.All(candles.Zip(candles.Skip(1)), pair => Assert.Equal(pair.First.OpenTime + 3_600_000, pair.Second.OpenTime));
        var result = await Backtester.RunAsync(
            new BacktestOptions { Symbols = ["BTCUSDT"], Interval = "1h", From = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), To = Now, Data = folder }, ct);
        Assert.Equal(candles.Count, result.Bars);
    }

    [Fact]
    public async Task Download_AChecksumThatDoesNotMatch_IsRefusedAndNothingKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_root, "data/spot/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2025-02-02.zip.CHECKSUM"), new string('0', 64) + "  BTCUSDT-1h-2025-02-02.zip", ct);
        var folder = Directory.CreateTempSubdirectory("fb-data-").FullName;
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Archive(http, folder).DownloadAsync(["BTCUSDT"], "1h", new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 3), ct));

        Assert.StartsWith("BTCUSDT-1h-2025-02-02.zip: SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    private KlineArchive Archive(HttpClient http, string folder) => new(http, _url, _url, folder, new FixedClock(Now));

    /// <summary>A zip in the archive's layout with microsecond timestamps (spot files from 2025), and its .CHECKSUM.</summary>
    private void Publish(string period, string stamp, DateTimeOffset start, int hours)
    {
        var name = $"BTCUSDT-1h-{stamp}.zip";
        var folder = Directory.CreateDirectory(Path.Combine(_root, $"data/spot/{period}/klines/BTCUSDT/1h")).FullName;
        var path = Path.Combine(folder, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry(name.Replace(".zip", ".csv", StringComparison.Ordinal)).Open());
            for (var i = 0; i < hours; i++)
            {
                var open = (start.ToUnixTimeMilliseconds() + (i * 3_600_000L)) * 1000;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{open},100,101,99,100.5,2,{open + 3_599_999_999},200,5,1,100,0"));
            }
        }

        File.WriteAllText(path + ".CHECKSUM", $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}  {name}");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
