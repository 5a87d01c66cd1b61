using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// One audit row. The trail's order is the chain's sequence, never a writer's clock: a chained record's key is
/// <c>audit-{inverted sequence}-c</c>, so the newest sorts first whatever the clocks of the instances that wrote
/// them. An unchained record (a skipped cycle) is keyed after the head it saw,
/// <c>audit-{inverted head sequence}-b{inverted ticks}-{inverted index}-{unique}</c>, so it sorts just above that record.
/// </summary>
internal sealed class AuditEntity : ITableEntity
{
    public const string Prefix = "audit-";

    /// <summary>Just past every audit row key: <c>'-' + 1</c>.</summary>
    public const string PrefixEnd = "audit.";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset At { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public string? Data { get; set; }

    public long? Sequence { get; set; }

    public string? PreviousHash { get; set; }

    public string? Hash { get; set; }

    public static AuditEntity From(string account, AuditRecord record, long headSequence = 0, int index = 0) => new()
    {
        PartitionKey = account,
        RowKey = record.Sequence is { } sequence
            ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}{long.MaxValue - sequence:D19}-c")
            : string.Create(CultureInfo.InvariantCulture, $"{Prefix}{long.MaxValue - headSequence:D19}-b{DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks:D19}-{999 - index:D3}-{Guid.NewGuid():N}"),
        At = record.At,
        Kind = record.Kind.ToString(),
        Actor = record.Actor,
        Message = record.Message,
        Data = record.Data is null ? null : JsonSerializer.Serialize(record.Data),
        Sequence = record.Sequence,
        PreviousHash = record.PreviousHash,
        Hash = record.Hash,
    };

    public AuditRecord ToRecord() => new(
        At,
        Enum.Parse<AuditKind>(Kind),
        Actor,
        Message,
        Data is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(Data))
    {
        Sequence = Sequence,
        PreviousHash = PreviousHash,
        Hash = Hash,
    };
}
