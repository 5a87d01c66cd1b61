using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// A row holding one document as JSON: a proposal (<c>prop-{id}</c>), the last reconciliation (<c>recon</c>) or the
/// alert book (<c>ops-alerts</c>). Their keys sort after the audit range, so the partition query reads them.
/// </summary>
internal sealed class JsonRowEntity : ITableEntity
{
    public const string ProposalPrefix = "prop-";
    public const string ReconciliationKey = "recon";
    public const string AlertsKey = "ops-alerts";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Json { get; set; } = string.Empty;

    public static JsonRowEntity From<T>(string account, string rowKey, T value) => new()
    {
        PartitionKey = account, RowKey = rowKey, Json = JsonSerializer.Serialize(value, Options),
    };

    public T To<T>() => JsonSerializer.Deserialize<T>(Json, Options) ?? throw new JsonException($"Row {RowKey} holds no document.");
}
