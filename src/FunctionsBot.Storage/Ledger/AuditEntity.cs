using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// One audit row. Row keys are <c>audit-{inverted ticks}-{inverted sequence}-{unique}</c>, so the
/// newest sorts first and records of one transaction keep their order.
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

    public static AuditEntity From(string account, AuditRecord record, int sequence) => new()
    {
        PartitionKey = account,
        RowKey = string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks:D19}-{999 - sequence:D3}-{Guid.NewGuid():N}"),
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
