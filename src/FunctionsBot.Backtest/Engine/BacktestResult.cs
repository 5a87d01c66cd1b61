using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Backtest.Engine;

/// <summary>What a backtest produced: the ledger's positions, the exchange's fills and balances, the equity curve and the refusals.</summary>
public sealed record BacktestResult(
    BacktestOptions Options,
    string Strategy,
    IReadOnlyList<Position> Closed,
    IReadOnlyList<Position> Open,
    IReadOnlyList<ExchangeFill> Fills,
    EquityCurve Curve,
    IReadOnlyDictionary<string, int> Refusals,
    IReadOnlyDictionary<AuditKind, int> AuditCounts,
    IReadOnlyDictionary<string, decimal> Balances,
    long Bars,
    TimeSpan Elapsed,
    string QuoteAsset)
{
    private const double DaysPerYear = 365.0;

    /// <summary>Positions that traded and ended (closed, or sold down to dust), one per round trip.</summary>
    public IReadOnlyList<TradeRow> Trades { get; } = TradeRow.From([.. Closed, .. Open.Where(p => p.Status == PositionStatus.Dust)], Fills, QuoteAsset);

    public decimal TotalReturn => Curve.Start == 0 ? 0 : (Curve.Final / Curve.Start) - 1;

    public double Years => Math.Max(TimeSpan.FromMilliseconds(Curve.LastAt - Curve.FirstAt).TotalDays, 1) / DaysPerYear;

    public double Cagr => Curve.Start <= 0 || Curve.Final <= 0 ? -1 : Math.Pow((double)(Curve.Final / Curve.Start), 1 / Years) - 1;

    public int Wins => Trades.Count(t => t.Pnl > 0);

    public decimal WinRate => Trades.Count == 0 ? 0 : (decimal)Wins / Trades.Count;

    public decimal? ProfitFactor => Trades.Where(t => t.Pnl < 0).Sum(t => -t.Pnl) is > 0 and var losses ? Trades.Where(t => t.Pnl > 0).Sum(t => t.Pnl) / losses : null;

    public decimal Expectancy => Trades.Count == 0 ? 0 : Trades.Average(t => t.Pnl);

    public double Sharpe => Ratio(downsideOnly: false);

    public double Sortino => Ratio(downsideOnly: true);

    public double? Calmar => Curve.MaxDrawdown > 0 ? Cagr / (double)Curve.MaxDrawdown : null;

    public double BarsPerSecond => Elapsed.TotalSeconds > 0 ? Bars / Elapsed.TotalSeconds : 0;

    /// <summary>Commissions per asset, from the exchange's fills.</summary>
    public IReadOnlyDictionary<string, decimal> FeesByAsset =>
        Fills.GroupBy(f => f.CommissionAsset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.Commission), StringComparer.Ordinal);

    /// <summary>Annualized daily ratio: mean daily return over its deviation (all returns, or only those below zero), × √365.</summary>
    private double Ratio(bool downsideOnly)
    {
        var closes = Curve.DailyCloses;
        var returns = new List<double>(closes.Count);
        for (var i = 1; i < closes.Count; i++)
        {
            returns.Add(closes[i - 1] == 0 ? 0 : (double)((closes[i] / closes[i - 1]) - 1));
        }

        if (returns.Count < 2)
        {
            return 0;
        }

        var mean = returns.Average();
        var deviations = downsideOnly ? returns.Select(r => Math.Min(r, 0)) : returns.Select(r => r - mean);
        var deviation = Math.Sqrt(deviations.Sum(d => d * d) / (returns.Count - 1));
        return deviation == 0 ? 0 : mean / deviation * Math.Sqrt(DaysPerYear);
    }
}

/// <summary>
/// One round trip: the ledger's position, with its prices, fees and PnL as the exchange filled them. <see cref="Pnl"/> is the
/// sells' quote less the buys' quote and the commissions paid apart (in quote or BNB, valued when paid), with what the
/// round trip received and did not sell (a remainder under LOT_SIZE, which the bot keeps as dust and sells with the next
/// entry; a commission in the base asset is already out of it) valued at its last sell price. Per trade this is independent of the ledger's cost basis (which writes dust off and books it back at no
/// cost in the next trade); in sum both give the same.
/// </summary>
public sealed record TradeRow(
    long Sequence, string Symbol, string Tag, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt, decimal Quantity, decimal EntryPrice, decimal ExitPrice,
    string Fees, decimal Pnl, string ExitReason)
{
    public static IReadOnlyList<TradeRow> From(IReadOnlyList<Position> closed, IReadOnlyList<ExchangeFill> fills, string quote)
    {
        var bySequence = fills.GroupBy(f => SequenceOf(f.ClientOrderId)).ToDictionary(g => g.Key, g => g.ToList());
        return closed.Where(p => p.EntryQuantity > 0).OrderBy(p => p.Sequence).Select(p =>
        {
            var own = bySequence.GetValueOrDefault(p.Sequence) ?? [];
            var (buys, sells) = (own.Where(f => f.Side == OrderSide.Buy).ToList(), own.Where(f => f.Side == OrderSide.Sell).ToList());
            var (bought, sold) = (buys.Sum(f => f.Quantity), sells.Sum(f => f.Quantity));
            var exit = sold == 0 ? 0 : decimal.Round(sells.Sum(f => f.Quote) / sold, 8);
            // A commission in the base asset is in the quantity left over; any other is paid apart, valued when paid.
            var baseAsset = p.Symbol[..^quote.Length];
            var left = bought - own.Where(f => f.CommissionAsset == baseAsset).Sum(f => f.Commission) - sold;
            var pnl = sells.Sum(f => f.Quote) - buys.Sum(f => f.Quote) - own.Where(f => f.CommissionAsset != baseAsset).Sum(f => f.CommissionInQuote) + (left * exit);
            var fees = string.Join("; ", own.GroupBy(f => f.CommissionAsset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Sum(f => f.Commission) / 1.000000000000000000000000000000000m} {g.Key}"));
            return new TradeRow(
                p.Sequence, p.Symbol, p.EntryTag ?? string.Empty, p.OpenedAt ?? p.CreatedAt, p.ClosedAt ?? p.CreatedAt, bought,
                bought == 0 ? 0 : decimal.Round(buys.Sum(f => f.Quote) / bought, 8), exit, fees, decimal.Round(pnl, 8), Reason(p.ExitReason));
        }).ToList();
    }

    /// <summary>The position a client order id belongs to: <c>{prefix}{sequence}-…</c>.</summary>
    private static long SequenceOf(string clientOrderId)
    {
        var parts = clientOrderId.Split('-');
        return parts.Length >= 3 && long.TryParse(parts[1], out var sequence) ? sequence : -1;
    }

    /// <summary>The reason's kind, without the numbers some reasons carry.</summary>
    private static string Reason(string? reason) => reason is null ? "unknown" : reason.Split(" (", 2)[0];
}
