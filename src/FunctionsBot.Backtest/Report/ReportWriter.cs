using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using FunctionsBot.Backtest.Engine;
using FunctionsBot.Dashboard;
using ScottPlot;

namespace FunctionsBot.Backtest.Report;

/// <summary>
/// Writes a backtest to a folder: <c>trades.csv</c>, <c>equity.png</c> (equity with the drawdown below it) and one
/// self-contained <c>report.html</c> holding the tables and the charts, drawn by the dashboard's own chart code (uPlot and
/// <c>charts.js</c>, inlined), so a backtest and the live bot look alike. The same result gives the same files, byte for byte.
/// </summary>
public static class ReportWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(BacktestResult result, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var (csv, png, html) = (Path.Combine(folder, "trades.csv"), Path.Combine(folder, "equity.png"), Path.Combine(folder, "report.html"));
        await WriteTradesAsync(result, csv, cancellationToken).ConfigureAwait(false);
        var picture = Picture(result);
        await File.WriteAllBytesAsync(png, picture, cancellationToken).ConfigureAwait(false);
        await WriteHtmlAsync(result, html, cancellationToken).ConfigureAwait(false);
        return [csv, png, html];
    }

    /// <summary>The HTML report alone (<c>functionsbot backtest --html FILE</c>).</summary>
    public static Task WriteHtmlAsync(BacktestResult result, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return File.WriteAllTextAsync(path, Html(result), Encoding.UTF8, cancellationToken);
    }

    private static async Task WriteTradesAsync(BacktestResult result, string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var csv = CsvWriter.Create(file, new CsvWriterOptions(), false);
        csv.WriteHeader(["market", "sequence", "symbol", "tag", "opened_at", "closed_at", "quantity", "entry_price", "exit_price", "fees", "pnl", "exit_reason"]);
        var market = result.Options.IsSynthetic ? $"SYNTHETIC seed {result.Options.Seed}" : Path.GetFileName(result.Options.Data);
        foreach (var t in result.Trades)
        {
            csv.WriteField(market);
            csv.WriteField(t.Sequence.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(t.Symbol);
            csv.WriteField(t.Tag);
            csv.WriteField(t.OpenedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(t.ClosedAt.ToString("O", CultureInfo.InvariantCulture));
            foreach (var number in new[] { t.Quantity, t.EntryPrice, t.ExitPrice })
            {
                csv.WriteField(number.ToString(CultureInfo.InvariantCulture));
            }

            csv.WriteField(t.Fees);
            csv.WriteField(t.Pnl.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(t.ExitReason);
            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Equity over time (top) and its drawdown from the peak in percent (bottom), 1200 × 700 PNG.</summary>
    public static byte[] Picture(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var points = result.Curve.Hourly;
        var times = points.Select(p => DateTimeOffset.FromUnixTimeMilliseconds(p.At).UtcDateTime.ToOADate()).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var (top, bottom) = (multiplot.GetPlot(0), multiplot.GetPlot(1));
        var equity = top.Add.Scatter(times, points.Select(p => (double)p.Equity).ToArray());
        equity.MarkerSize = 0;
        equity.LegendText = "equity";
        top.Axes.DateTimeTicksBottom();
        top.Title(result.Options.IsSynthetic ? $"{result.Strategy}: equity (SYNTHETIC market)" : $"{result.Strategy}: equity");
        top.YLabel(result.Options.Settings.GetValueOrDefault("Bot__QuoteAsset") ?? "USDT");
        var drawdown = bottom.Add.FillY(times, points.Select(p => (double)(p.Drawdown * 100m)).ToArray(), new double[points.Count]);
        drawdown.FillColor = Colors.Red.WithAlpha(0.4);
        bottom.Axes.DateTimeTicksBottom();
        bottom.YLabel("drawdown %");
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        return multiplot.Render(1200, 700).GetImageBytes(ImageFormat.Png);
    }

    private static string Html(BacktestResult result)
    {
        var quote = result.Options.Settings.GetValueOrDefault("Bot__QuoteAsset") ?? "USDT";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FunctionsBot backtest</title><style>")
            .Append(DashboardAssets.Text("uPlot.min.css"))
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
            .Append(".chart{max-width:1200px}.synthetic{background:#fff3cd;padding:.5em;border:1px solid #e0c36c}</style>")
            .Append("<script>").Append(DashboardAssets.Text("uPlot.iife.min.js")).Append("</script>")
            .Append("<script>").Append(DashboardAssets.Text("charts.js")).Append("</script></head><body><h1>FunctionsBot backtest</h1>");
        if (result.Options.IsSynthetic)
        {
            html.Append("<p class=\"synthetic\">SYNTHETIC market: generated prices (seed ").Append(result.Options.Seed).Append("), not history.</p>");
        }

        // The same charts as the dashboard: equity with its drawdown below the running peak (in the quote asset), and daily P&L.
        var hourly = result.Curve.Hourly;
        var closes = result.Curve.DailyCloses;
        var firstDay = new DateTimeOffset(result.Options.From.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeSeconds();
        html.Append("<h2>Equity and drawdown (").Append(WebUtility.HtmlEncode(quote)).Append(")</h2><div id=\"equity-chart\" class=\"chart\"></div>")
            .Append("<h2>Daily P&amp;L</h2><div id=\"pnl-chart\" class=\"chart\"></div><script>(function(){var d=")
            .Append(JsonSerializer.Serialize(new
            {
                t = hourly.Select(p => p.At / 1000),
                v = hourly.Select(p => p.Equity),
                dt = closes.Skip(1).Select((_, i) => firstDay + (i * 86400L)),
                dv = closes.Skip(1).Select((c, i) => c - closes[i]),
                unit = quote,
            }))
            .Append(";FunctionsBotCharts.equity(document.getElementById('equity-chart'),d.t,d.v,{unit:d.unit,height:320});")
            .Append("FunctionsBotCharts.dailyPnl(document.getElementById('pnl-chart'),d.dt,d.dv,{unit:d.unit});})();</script>");
        foreach (var table in ReportTables.Of(result))
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(table.Title)).Append("</h2><table><tr>");
            foreach (var column in table.Columns)
            {
                html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
            }

            html.Append("</tr>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>\n").ToString();
    }
}
