using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>Realized PnL of one UTC day (RowKey <c>pnl-yyyy-MM-dd</c>).</summary>
internal sealed class PnlEntity : ITableEntity
{
    public const string Prefix = "pnl-";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Day { get; set; } = string.Empty;

    public string Realized { get; set; } = "0";

    public int Trades { get; set; }

    public static PnlEntity From(string account, DailyPnl p) => new()
    {
        PartitionKey = account, RowKey = p.Id, Day = EntityValues.Text(p.Day)!, Realized = EntityValues.Text(p.Realized)!, Trades = p.Trades,
    };

    public DailyPnl ToPnl() => new(EntityValues.Day(Day)!.Value, EntityValues.Decimal(Realized), Trades);
}
