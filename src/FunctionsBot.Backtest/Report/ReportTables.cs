using System.Globalization;
using FunctionsBot.Backtest.Engine;

namespace FunctionsBot.Backtest.Report;

/// <summary>The report's tables as rows of text, shared by the console, the HTML page and the tests.</summary>
public static class ReportTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public sealed record Table(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

    public static IReadOnlyList<Table> Of(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var market = result.Options.IsSynthetic ? $"SYNTHETIC market (seed {result.Options.Seed})" : $"data {Path.GetFileName(result.Options.Data)}";
        var totals = new Table(
            $"Backtest of {result.Strategy} on {string.Join(", ", result.Options.Symbols)} {result.Options.Interval}, {result.Options.From:yyyy-MM-dd} → {result.Options.To:yyyy-MM-dd}, {market}",
            ["Metric", "Value"],
            [
                ["Trades", Text(result.Trades.Count)],
                ["Win rate", Percent(result.WinRate)],
                ["Profit factor", result.ProfitFactor is { } pf ? Number(pf, 2) : "n/a"],
                ["Expectancy (quote/trade)", Number(result.Expectancy, 4)],
                ["Total return", Percent(result.TotalReturn)],
                ["CAGR", Percent((decimal)result.Cagr)],
                ["Max drawdown", Percent(result.Curve.MaxDrawdown)],
                ["Max drawdown duration", Duration(result.Curve.MaxDrawdownDuration)],
                ["Sharpe (daily, annualized)", Number((decimal)result.Sharpe, 2)],
                ["Sortino (daily, annualized)", Number((decimal)result.Sortino, 2)],
                ["Calmar", result.Calmar is { } calmar ? Number((decimal)calmar, 2) : "n/a"],
                ["Exposure", Percent(result.Curve.Exposure)],
                ["Start → final equity", $"{Number(result.Curve.Start, 2)} → {Number(result.Curve.Final, 2)}"],
                ["Open at the end", Text(result.Open.Count(p => p.Status == Core.Ledger.PositionStatus.Open))],
            ]);
        var fees = new Table("Fees by asset", ["Asset", "Paid"], [.. result.FeesByAsset.Select(f => (IReadOnlyList<string>)[f.Key, Number(f.Value, 8)])]);
        var symbols = new Table(
            "Per symbol", ["Symbol", "Trades", "Win rate", "PnL (quote)"],
            [.. result.Trades.GroupBy(t => t.Symbol).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, Text(g.Count()), Percent((decimal)g.Count(t => t.Pnl > 0) / g.Count()), Number(g.Sum(t => t.Pnl), 4)])]);
        var exits = new Table(
            "Exit reasons", ["Reason", "Trades", "PnL (quote)"],
            [.. result.Trades.GroupBy(t => t.ExitReason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, Text(g.Count()), Number(g.Sum(t => t.Pnl), 4)])]);
        var refusals = new Table(
            "Risk refusals by rule", ["Rule", "Refusals"],
            [.. result.Refusals.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => (IReadOnlyList<string>)[r.Key, Text(r.Value)])]);
        return [totals, fees, symbols, exits, refusals];
    }

    private static string Text(long value) => value.ToString(Invariant);

    private static string Number(decimal value, int decimals) => decimal.Round(value, decimals).ToString("0.########", Invariant);

    /// <summary>A fraction as a percentage with two decimals: 0.0123 → <c>1.23 %</c>.</summary>
    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.00", Invariant) + " %";

    private static string Duration(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.0} d".Replace(',', '.') : $"{span.TotalHours:0.0} h".Replace(',', '.');
}
