using System.Globalization;
using FunctionsBot.Backtest.Engine;
using FunctionsBot.Backtest.Report;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Backtest.Tests;

/// <summary>Backtests through the bot's own cycle, checked against the historical exchange's balances and fills.</summary>
public sealed class BacktestRunTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static BacktestOptions Options(params (string Key, string Value)[] settings) => new()
    {
        Symbols = ["BTCUSDT", "ETHUSDT"],
        From = Start,
        To = Start.AddDays(2),
        Settings = settings.ToDictionary(s => s.Key, s => s.Value),
    };

    [Fact]
    public async Task Run_TheBooksEqualTheAccount_AndEveryTradeIsTheExchangesFills()
    {
        var result = await Backtester.RunAsync(Options(), TestContext.Current.CancellationToken);

        Assert.True(result.Trades.Count > 20, $"{result.Trades.Count} trades");
        foreach (var asset in new[] { "BTC", "ETH" })
        {
            // What the ledger holds of each base asset (open, closing, dust) is what the exchange's account holds.
            var booked = result.Open.Where(p => p.Symbol == asset + "USDT" && p.HoldsBase).Sum(p => p.Quantity);
            Assert.Equal(result.Balances[asset], booked);
        }

        // The round trips' PnL adds up to the account's change, but for what is still held at the end (an open position, dust).
        var held = new[] { "BTC", "ETH" }.Sum(a => result.Balances[a] * result.Fills.Last(f => f.Symbol == a + "USDT").Price);
        var change = result.Curve.Final - result.Curve.Start;
        Assert.InRange(result.Trades.Sum(t => t.Pnl), change - held - 0.5m, change + held + 0.5m);

        // Every round trip's quantity entered is what the exchange's buy fills of that position received, net of base fees.
        var fills = result.Fills.GroupBy(f => f.ClientOrderId.Split('-')[1]).ToDictionary(g => long.Parse(g.Key, CultureInfo.InvariantCulture), g => g.ToList());
        Assert.All(result.Closed.Where(p => p.EntryQuantity > 0 && p.Status == PositionStatus.Closed), p =>
        {
            var bought = fills[p.Sequence].Where(f => f.Side == Core.Exchange.OrderSide.Buy).ToList();
            Assert.True(p.EntryQuantity >= bought.Sum(f => f.Quantity - (f.CommissionAsset == p.Symbol[..^4] ? f.Commission : 0)));
        });
    }

    [Fact]
    public async Task SameInput_SameOutput_ByteForByte()
    {
        var ct = TestContext.Current.CancellationToken;
        var folders = new[] { Folder(), Folder() };
        foreach (var folder in folders)
        {
            await ReportWriter.WriteAsync(await Backtester.RunAsync(Options(), ct), folder, ct);
        }

        foreach (var file in new[] { "trades.csv", "equity.png", "report.html" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folders[0], file), ct), await File.ReadAllBytesAsync(Path.Combine(folders[1], file), ct));
        }

        Assert.All((await File.ReadAllLinesAsync(Path.Combine(folders[0], "trades.csv"), ct)).Skip(1), line => Assert.StartsWith("SYNTHETIC seed 42,", line, StringComparison.Ordinal));
        var html = await File.ReadAllTextAsync(Path.Combine(folders[0], "report.html"), ct);
        Assert.Contains("SYNTHETIC market", html, StringComparison.Ordinal);
        Assert.Contains("FunctionsBotCharts.equity(", html, StringComparison.Ordinal);
        Assert.Contains(FunctionsBot.Dashboard.DashboardAssets.Text("charts.js"), html, StringComparison.Ordinal);
        Assert.Contains("Risk refusals by rule", html, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(Path.Combine(folders[0], "equity.png"), ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"{png.Length} bytes");
    }

    [Fact]
    public async Task AStrategysLevels_AreTheOnesBooked()
    {
        var result = await Backtester.RunAsync(Options(("Strategy__Name", "DonchianBreakout")), TestContext.Current.CancellationToken);
        var entered = result.Closed.Concat(result.Open).Where(p => p is { EntryPrice: > 0, StopPrice: not null }).ToList();

        Assert.NotEmpty(entered);
        Assert.True(entered.Select(p => p.Levels!.StopLossPercent).Distinct().Count() > 1); // from each entry's ATR, not Strategy__StopLossPercent
        Assert.All(entered, p =>
        {
            Assert.NotNull(p.Levels);
            Assert.Equal("donchian-high", p.EntryTag);
            // The OCO's stop sits the strategy's percentage under the ask the entry was priced at (within the 2 bps slippage and the tick).
            Assert.InRange(p.StopPrice!.Value / p.EntryPrice, 1 - (p.Levels.StopLossPercent / 100m) - 0.0005m, 1 - (p.Levels.StopLossPercent / 100m) + 0.0001m);
        });
    }

    [Fact]
    public async Task ARiskLimit_StillRefusesWhatAStrategyAsks()
    {
        // Risk__MaxOpenPositions = 1 over two symbols: the second symbol's entries are refused while one is open.
        var result = await Backtester.RunAsync(Options(("Risk__MaxOpenPositions", "1")), TestContext.Current.CancellationToken);

        Assert.True(result.Refusals.GetValueOrDefault("MaxOpenPositions") > 0, string.Join(", ", result.Refusals));
        Assert.True(result.Closed.Concat(result.Open).GroupBy(p => p.OpenedAt).All(g => g.Count() == 1));
    }

    [Fact]
    public async Task FeesInBnb_ArePaidInBnbAtItsPrice_WhileBnbIsFree()
    {
        var options = Options() with { Fills = new FillModel(FeesInBnb: true), StartBnb = 0.001m };
        var result = await Backtester.RunAsync(options, TestContext.Current.CancellationToken);
        var bnb = Backtester.Candles(options, "BNBUSDT").ToDictionary(c => c.OpenTime, c => c.Open);

        var inBnb = result.Fills.Where(f => f.CommissionAsset == "BNB").ToList();
        Assert.NotEmpty(inBnb);
        // 0.1 % of the quote, 25 % off, at BNBUSDT's price of that candle, rounded up to 8 decimals.
        Assert.All(inBnb, f => Assert.Equal(decimal.Round(f.Quote * 0.001m * 0.75m / bnb[f.Time.ToUnixTimeMilliseconds()], 8, MidpointRounding.ToPositiveInfinity), f.Commission));
        Assert.Equal(0.001m - inBnb.Sum(f => f.Commission), result.Balances["BNB"]);
        Assert.Contains(result.Fills, f => f.CommissionAsset != "BNB"); // once BNB ran short, the received asset again
    }

    [Fact]
    public async Task TheDailyLossLatch_StopsEntries()
    {
        var result = await Backtester.RunAsync(Options(("Risk__DailyLossLimitQuote", "0.5")), TestContext.Current.CancellationToken);

        // The latch is the kill switch, set by the loss (as live): every entry after it is refused by the kill-switch rule.
        Assert.True(result.Refusals.GetValueOrDefault("KillSwitchActive") > 0, string.Join(", ", result.Refusals));
        Assert.True(result.Trades.Count < 20, $"{result.Trades.Count} trades");
    }

    [Fact]
    public void AnUnknownStrategy_FailsLikeTheAppsStartUp()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Backtester.Strategy(Options(("Strategy__Name", "Nope"), ("Strategy__MaCrossover__SlowPeriod", "2"))));

        Assert.Contains("Strategy__Name = 'Nope': no such strategy; registered: DonchianBreakout, MaCrossover, RsiReversion.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Strategy__MaCrossover__SlowPeriod = '2'", failure.Message, StringComparison.Ordinal);
    }

    private static string Folder() => Directory.CreateTempSubdirectory("fb-backtest-").FullName;
}
