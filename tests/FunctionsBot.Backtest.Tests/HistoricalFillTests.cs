using System.Globalization;
using System.IO.Compression;
using FunctionsBot.Backtest.Data;
using FunctionsBot.Backtest.Engine;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Backtest.Tests;

/// <summary>The historical exchange's fill model, and a gapped stop taken by the bot's own exit, from a kline file.</summary>
public sealed class HistoricalFillTests
{
    private static readonly long T0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task AnOrderOverTheVolumeShare_FillsThatShare_AndTheRestExpires()
    {
        var exchange = Exchange(new FillModel(SlippageBps: 10m, MaxVolumeShare: 0.1m));
        exchange.Open("BTCUSDT", new Candle(T0, 100m, 101m, 99m, 100m, 2m, T0 + 59_999));

        var outcome = await exchange.PlaceMarketOrderAsync("BTCUSDT", OrderSide.Buy, 1m, "x-1-e", TestContext.Current.CancellationToken);

        Assert.Equal(OrderProgress.Filled, outcome.Progress);
        Assert.Equal(0.2m, outcome.ExecutedQuantity); // 10 % of the candle's 2
        Assert.Equal(100.1m, Assert.Single(outcome.Fills).Price); // the open plus 10 bps
        Assert.Equal(new Fill(100.1m, 0.2m, 0.0002m, "BTC"), outcome.Fills[0]);
    }

    [Fact]
    public async Task AStopGappedBelowItsLimit_RestsUnfilled_ThenFillsAtItsLimitWhenThePriceComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var exchange = Exchange(new FillModel(SlippageBps: 0m));
        exchange.Open("BTCUSDT", new Candle(T0, 100m, 100m, 100m, 100m, 100m, T0 + 59_999));
        await exchange.PlaceMarketOrderAsync("BTCUSDT", OrderSide.Buy, 1m, "x-1-e", ct);
        await exchange.PlaceOcoAsync(new OcoRequest("BTCUSDT", 0.99m, "x-1-p1", "x-1-p1t", 110m, "x-1-p1s", 95m, 94m), ct);

        exchange.Open("BTCUSDT", new Candle(T0 + 60_000, 90m, 93m, 88m, 92m, 100m, T0 + 119_999)); // opens under the stop's limit
        exchange.RunPath("BTCUSDT");
        var stop = await exchange.FindOrderAsync("BTCUSDT", "x-1-p1s", ct);
        var list = await exchange.FindListAsync("BTCUSDT", "x-1-p1", ct);

        Assert.Equal(OrderProgress.Working, stop!.Progress);
        Assert.True(stop.OnBook);
        Assert.False(list!.IsExecuting);
        Assert.Equal(OrderProgress.Ended, (await exchange.FindOrderAsync("BTCUSDT", "x-1-p1t", ct))!.Progress);

        exchange.Open("BTCUSDT", new Candle(T0 + 120_000, 93m, 96m, 92m, 95m, 100m, T0 + 179_999));
        exchange.RunPath("BTCUSDT");
        var filled = await exchange.FindOrderAsync("BTCUSDT", "x-1-p1s", ct);

        Assert.Equal(OrderProgress.Filled, filled!.Progress);
        Assert.Equal(94m, Assert.Single(filled.Fills).Price);
    }

    /// <summary>
    /// A kline file in Binance's spot layout (microsecond timestamps, as from 2025): a cross up enters, and the next candle
    /// gaps under the stop's limit. The exchange's stop triggers and rests; the bot's own exit sells at the next open.
    /// </summary>
    [Fact]
    public async Task AGappedStop_IsTakenByTheBotsOwnExit_FromAKlineFile()
    {
        var folder = Directory.CreateTempSubdirectory("fb-klines-").FullName;
        decimal[] closes = [.. Enumerable.Repeat(100m, 10), 99m, 101m, 102m, 103m, 80m, 79m, 79m, 79m, 79m];
        await File.WriteAllLinesAsync(
            Path.Combine(folder, "BTCUSDT-1m-2025-03.csv"),
            closes.Select((close, i) =>
            {
                var open = i == 14 ? 80m : i > 0 ? closes[i - 1] : close; // candle 14 gaps down at its open
                var (start, end) = ((T0 + (i * 60_000L)) * 1000, ((T0 + (i * 60_000L) + 59_999) * 1000) + 999);
                return string.Create(CultureInfo.InvariantCulture, $"{start},{open},{Math.Max(open, close) + 0.5m},{Math.Min(open, close) - 0.5m},{close},50,{end},5000,10,25,2500,0");
            }),
            TestContext.Current.CancellationToken);

        var result = await Backtester.RunAsync(
            new BacktestOptions
            {
                Symbols = ["BTCUSDT"],
                From = DateTimeOffset.FromUnixTimeMilliseconds(T0),
                To = DateTimeOffset.FromUnixTimeMilliseconds(T0).AddHours(1),
                Data = folder,
                Fills = new FillModel(SlippageBps: 0m),
                Settings = new Dictionary<string, string> { ["Strategy__MaCrossover__FastPeriod"] = "2", ["Strategy__MaCrossover__SlowPeriod"] = "4", ["Strategy__EntryProtection"] = "Separate" },
            },
            TestContext.Current.CancellationToken);

        Assert.True(result.Trades.Count == 1, $"{result.Bars} bars; " + string.Join(", ", result.AuditCounts.Select(a => $"{a.Key} {a.Value}")) + " | " + string.Join(", ", result.Refusals) + " | " + string.Join(", ", result.Open.Select(p => $"{p.Status} {p.ExitReason}")));
        var trade = result.Trades[0];
        Assert.StartsWith("stop-loss", trade.ExitReason, StringComparison.Ordinal);
        Assert.Equal(102m, trade.EntryPrice); // the open after the cross (the close before it)
        Assert.Equal(80m, trade.ExitPrice); // the open after the gap: the bot sold what the stop could not
        Assert.Contains(result.Fills, f => f.ClientOrderId.EndsWith("-x", StringComparison.Ordinal) && f.Price == 80m);
    }

    [Fact]
    public async Task KlineFiles_ReadMillisecondsAndMicroseconds_ZipAndHeader_AndNameAMalformedLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("fb-klines-").FullName;
        var ms = new DateTimeOffset(2024, 12, 31, 23, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var us = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        await File.WriteAllTextAsync(Path.Combine(folder, "ETHUSDT-1m-2024-12.csv"), $"open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n{ms},1.5,2,1,1.75,10,{ms + 59_999},15,3,5,7,0\n", ct);
        using (var zip = ZipFile.Open(Path.Combine(folder, "ETHUSDT-1m-2025-01.zip"), ZipArchiveMode.Create))
        {
            await using var writer = new StreamWriter(await zip.CreateEntry("ETHUSDT-1m-2025-01.csv").OpenAsync(ct));
            await writer.WriteAsync($"{us},1.75,2.5,1.5,2.25,20,{us + 59_999_999},40,4,10,20,0\n");
        }

        var candles = KlineFiles.Read(folder, "ETHUSDT", "1m", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue).ToList();

        Assert.Equal([new Candle(ms, 1.5m, 2m, 1m, 1.75m, 10m, ms + 59_999), new Candle(us / 1000, 1.75m, 2.5m, 1.5m, 2.25m, 20m, (us / 1000) + 59_999)], candles);
        var bad = Path.Combine(folder, "bad.csv");
        await File.WriteAllTextAsync(bad, $"{ms},1,2,1,x,10,{ms + 59_999},0,0,0,0,0\n", ct);
        var error = Assert.Throws<InvalidDataException>(() => KlineFiles.ReadFile(bad).ToList());
        Assert.Equal($"{bad} line 1: 'x' is not a price or volume.", error.Message);
    }

    private static HistoricalExchange Exchange(FillModel fills)
    {
        var exchange = new HistoricalExchange(fills, "USDT", new Dictionary<string, decimal> { ["USDT"] = 10_000m });
        exchange.List("BTCUSDT", Rules.For("BTCUSDT", "USDT", 100m), 10);
        return exchange;
    }
}
