using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// The account's equity in one UTC hour (RowKey <c>_equity-yyyy-MM-ddTHH</c>). The prefix sorts before the audit trail, so
/// the cycle's load (every row from the audit trail's end on) never reads the growing history.
/// </summary>
internal sealed class EquityEntity : ITableEntity
{
    public const string Prefix = "_equity-";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset Hour { get; set; }

    public DateTimeOffset At { get; set; }

    public string Realized { get; set; } = "0";

    public string Unrealized { get; set; } = "0";

    public string Fees { get; set; } = "0";

    public string DustWrittenOff { get; set; } = "0";

    public int OpenPositions { get; set; }

    public static string Key(DateTimeOffset hour) => Prefix + EquityPoint.HourOf(hour).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public static EquityEntity From(string account, EquityPoint point) => new()
    {
        PartitionKey = account,
        RowKey = Key(point.Hour),
        Hour = point.Hour,
        At = point.At,
        Realized = EntityValues.Text(point.Realized)!,
        Unrealized = EntityValues.Text(point.Unrealized)!,
        Fees = EntityValues.Text(point.Fees)!,
        DustWrittenOff = EntityValues.Text(point.DustWrittenOff)!,
        OpenPositions = point.OpenPositions,
    };

    public EquityPoint ToPoint() => new(
        Hour, At, EntityValues.Decimal(Realized), EntityValues.Decimal(Unrealized), EntityValues.Decimal(Fees), EntityValues.Decimal(DustWrittenOff), OpenPositions);
}
