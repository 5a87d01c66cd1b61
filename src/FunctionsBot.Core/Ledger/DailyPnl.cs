namespace FunctionsBot.Core.Ledger;

/// <summary>Realized PnL of one UTC day, in the quote asset.</summary>
public sealed record DailyPnl(DateOnly Day, decimal Realized, int Trades)
{
    public string Id => $"pnl-{Day:yyyy-MM-dd}";
}
