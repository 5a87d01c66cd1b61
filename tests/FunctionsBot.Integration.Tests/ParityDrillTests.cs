using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionsBot.Backtest.Data;
using FunctionsBot.Backtest.Engine;
using FunctionsBot.Binance.Market;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Parity with live: the simulator replays a kline file as its market; the DevHost's TradeCycle runs once a candle,
/// stepped with the Functions host's <c>POST /admin/functions/TradeCycle</c> while the market clock steps candle by candle
/// (an accelerated clock: two hours of market in well under a minute). The backtest of the same file, with the simulator's
/// exchangeInfo, must make the same trades: the same fills, in the same candles, of the same quantities, at prices within
/// the fill model (a taker at the open is exact; a stop fills where the path crossed it).
/// </summary>
[Collection("Drills")]
public sealed class ParityDrillTests(AzuriteFixture azurite)
{
    private const int Candles = 120;

    [Fact]
    public async Task ReplayedKlines_TheDevHostTradesAsTheBacktestOfTheSameFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var candles = SyntheticMarket.Generate("BTCUSDT", "1m", start, start.AddMinutes(Candles), seed: 7).ToList();
        var folder = Directory.CreateTempSubdirectory("fb-parity-").FullName;
        var file = Path.Combine(folder, "BTCUSDT-1m-2026-06-01.csv");
        await File.WriteAllLinesAsync(file, candles.Select(c => string.Create(
            CultureInfo.InvariantCulture, $"{c.OpenTime * 1000},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume},{(c.CloseTime * 1000) + 999},0,100,0,0,0")), ct);

        await using var rig = await TradingRig.StartAsync(azurite, clockSpeed: 1, ("Simulator__Replay", file));
        // The test steps the market clock itself: left at real-time speed, a slow start (a loaded machine) could carry it past
        // the first step's time before that step is taken, and the clock never goes back.
        await rig.Simulator.SetMarketSpeedAsync(0.001);
        var exchangeInfo = await rig.Simulator.Admin.GetStringAsync("api/v3/exchangeInfo?symbol=BTCUSDT", ct);
        var shared = new (string Key, string Value)[]
        {
            ("Bot__Symbols", "BTCUSDT"),
            ("Strategy__MaCrossover__FastPeriod", "2"),
            ("Strategy__MaCrossover__SlowPeriod", "4"),
            ("Strategy__StopLossPercent", "0.3"),
            ("Strategy__TakeProfitPercent", "0.3"),
            ("Strategy__TradeQuote", "20"),
            ("Risk__MaxOpenPositions", "1"),
            ("Risk__CooldownMinutes", "0"),
        };
        var bot = await rig.StartBotAsync(rig.Settings([.. shared, ("AzureWebJobs__TradeCycle__Disabled", "true")]));

        for (var i = 0; i < candles.Count; i++)
        {
            await rig.Simulator.AdvanceMarketAsync(candles[i].OpenTime + 2_000);
            using var run = await bot.Client.PostAsync("admin/functions/TradeCycle", null, ct);
            var body = await run.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.True(body.GetProperty("status").GetString() == "Succeeded", $"cycle at candle {i}: {body}\n{bot.Output[^Math.Min(bot.Output.Length, 3000)..]}");
        }

        await rig.Simulator.AdvanceMarketAsync(candles[^1].CloseTime + 1); // the last candle's path meets what rests
        var live = (await rig.Simulator.TradesAsync()).Where(t => t.Symbol == "BTCUSDT").OrderBy(t => t.MarketTime).ThenBy(t => t.Id).ToList();

        var backtest = await Backtester.RunAsync(
            new BacktestOptions
            {
                Symbols = ["BTCUSDT"],
                From = start,
                To = start.AddMinutes(Candles),
                Data = folder,
                Settings = shared.ToDictionary(s => s.Key, s => s.Value),
                Fills = new FillModel(SlippageBps: 0m, MaxVolumeShare: 1m, FeePercent: 0.1m),
                ExchangeInfo = ExchangeInfoFile.Parse(exchangeInfo, "simulator exchangeInfo"),
            },
            ct);
        var replayed = backtest.Fills.Where(f => f.Symbol == "BTCUSDT").ToList();

        int Bar(long time) => (int)((time - start.ToUnixTimeMilliseconds()) / 60_000);
        var liveRows = live.Select(t => (Bar: Bar(t.MarketTime), Buy: t.IsBuyer, Quantity: Dec(t.Qty), Price: Dec(t.Price), t.CommissionAsset)).ToList();
        var testRows = replayed.Select(f => (Bar: Bar(f.Time.ToUnixTimeMilliseconds()), Buy: f.Side == OrderSide.Buy, f.Quantity, f.Price, f.CommissionAsset)).ToList();
        var table = string.Join('\n', Enumerable.Range(0, Math.Max(liveRows.Count, testRows.Count)).Select(i =>
            $"{(i < liveRows.Count ? liveRows[i].ToString() : "-"),-60} {(i < testRows.Count ? testRows[i].ToString() : "-")}"));
        Figures.Record($"Parity drill: {Candles} replayed candles, {liveRows.Count} fills live (DevHost + simulator) and {testRows.Count} in the backtest; live | backtest:\n{table}");

        Assert.True(liveRows.Count >= 6, $"too few fills to compare:\n{table}");
        Assert.Contains(live, t => t.IsMaker); // protective legs filled on the path too, not only takers at the open
        Assert.True(liveRows.Count == testRows.Count, $"fills differ:\n{table}");
        for (var i = 0; i < liveRows.Count; i++)
        {
            var (l, b) = (liveRows[i], testRows[i]);
            Assert.True(l.Bar == b.Bar && l.Buy == b.Buy && l.Quantity == b.Quantity && l.CommissionAsset == b.CommissionAsset, $"fill {i} differs:\n{table}");
            Assert.True(Math.Abs(l.Price - b.Price) <= b.Price * 0.002m, $"fill {i}'s price is beyond the fill model:\n{table}");
        }
    }

    private static decimal Dec(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
