using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>A symbol lock row (RowKey <c>lock-{symbol}</c>).</summary>
internal sealed class LockEntity : ITableEntity
{
    public const string Prefix = "lock-";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Symbol { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public DateTimeOffset Until { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public static LockEntity From(string account, SymbolLock l) => new()
    {
        PartitionKey = account, RowKey = l.Id, Symbol = l.Symbol, Reason = l.Reason, Until = l.Until, CreatedBy = l.CreatedBy, CreatedAt = l.CreatedAt,
    };

    public SymbolLock ToLock() => new(Symbol, Reason, Until, CreatedBy, CreatedAt);
}
