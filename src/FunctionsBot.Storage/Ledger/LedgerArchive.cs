using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// The ledger table as JSON Lines, so it survives a mistaken <c>azd down</c>: every row of every partition (state,
/// positions, locks, proposals, PnL, alerts and the audit trail), each property with its storage type. An import
/// re-verifies each account's audit chain against its state row before it writes anything, and never writes into a
/// table that already holds rows of those accounts.
/// </summary>
public static class LedgerArchive
{
    /// <summary>
    /// Writes every row of <paramref name="table"/> as one JSON line; returns how many. The state rows are read first, so
    /// with a bot still running the audit trail read after them reaches each state row's head (records sealed meanwhile sit
    /// above it, which the chain check allows); stop the bot for a copy where every row is of one moment.
    /// </summary>
    public static async Task<int> ExportAsync(TableClient table, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        var count = 0;
        await foreach (var state in table.QueryAsync<TableEntity>(e => e.RowKey == StateEntity.Key, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Line(state).ToJsonString()).ConfigureAwait(false);
            count++;
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.RowKey != StateEntity.Key, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Line(entity).ToJsonString()).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Reads the rows of an export; a line that is not one is an error naming the line.</summary>
    public static async Task<IReadOnlyList<TableEntity>> ReadAsync(TextReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<TableEntity>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                rows.Add(Entity(JsonNode.Parse(line)!.AsObject()));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
            {
                throw new InvalidDataException($"line {number} is not a ledger row ({ex.GetType().Name}: {ex.Message}).", ex);
            }
        }

        return rows;
    }

    /// <summary>Each account's audit chain, verified from its first record to the head its state row names; the problems found (none: intact).</summary>
    public static IReadOnlyList<string> Verify(IEnumerable<TableEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var problems = new List<string>();
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            if (partition.FirstOrDefault(r => r.RowKey == StateEntity.Key) is not { } state)
            {
                continue; // rows beside the accounts' partitions (none today) carry no chain
            }

            try
            {
                var head = new AuditHead(state.GetInt64(nameof(StateEntity.AuditSequence)) ?? 0, state.GetString(nameof(StateEntity.AuditHead)));
                var audit = partition.Where(r => string.CompareOrdinal(r.RowKey, AuditEntity.Prefix) >= 0 && string.CompareOrdinal(r.RowKey, AuditEntity.PrefixEnd) < 0)
                    .OrderBy(r => r.RowKey, StringComparer.Ordinal) // newest first, as the row keys sort
                    .Select(Record)
                    .ToList();
                if (audit.Where(r => r.Sequence is not null).Select(r => r.Sequence!.Value).Order().ToList() is var sequences
                    && !sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)))
                {
                    problems.Add($"{partition.Key}: the chained records are not #1 to #{sequences.Count} (a record is missing or doubled).");
                }
                else if (AuditChain.Verify(audit, head) is { } broken)
                {
                    problems.Add($"{partition.Key}: {broken}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or JsonException)
            {
                problems.Add($"{partition.Key}: a row cannot be read as the ledger writes it ({ex.Message}).");
            }
        }

        return problems;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> into <paramref name="table"/> (created if missing), a partition's rows in batches of 100.
    /// Refused, with nothing written, when a chain does not verify or the table already holds rows of those accounts.
    /// </summary>
    public static async Task<int> ImportAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        if (Verify(rows) is { Count: > 0 } problems)
        {
            throw new InvalidDataException("The export's audit chain does not verify; nothing was imported: " + string.Join(" ", problems));
        }

        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var account in rows.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal))
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == account, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"The table '{table.Name}' already holds rows of '{account}': import into an empty table (a new storage account, or after the old rows were removed).");
            }
        }

        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken).ConfigureAwait(false);
            }
        }

        return rows.Count;
    }

    private static AuditRecord Record(TableEntity row) => new AuditEntity
    {
        At = row.GetDateTimeOffset(nameof(AuditEntity.At)) ?? throw new FormatException($"{row.RowKey} has no At."),
        Kind = row.GetString(nameof(AuditEntity.Kind)),
        Actor = row.GetString(nameof(AuditEntity.Actor)),
        Message = row.GetString(nameof(AuditEntity.Message)),
        Data = row.GetString(nameof(AuditEntity.Data)),
        Sequence = row.GetInt64(nameof(AuditEntity.Sequence)),
        PreviousHash = row.GetString(nameof(AuditEntity.PreviousHash)),
        Hash = row.GetString(nameof(AuditEntity.Hash)),
    }.ToRecord();

    private static JsonObject Line(TableEntity entity)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            properties[name] = value switch
            {
                null => null,
                string s => new JsonArray("String", s),
                bool b => new JsonArray("Boolean", b),
                int i => new JsonArray("Int32", i),
                long l => new JsonArray("Int64", l.ToString(CultureInfo.InvariantCulture)),
                double d => new JsonArray("Double", d.ToString("R", CultureInfo.InvariantCulture)),
                DateTimeOffset t => new JsonArray("DateTime", t.ToString("O", CultureInfo.InvariantCulture)),
                DateTime t => new JsonArray("DateTime", new DateTimeOffset(t.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture)),
                Guid g => new JsonArray("Guid", g.ToString()),
                byte[] bytes => new JsonArray("Binary", Convert.ToBase64String(bytes)),
                BinaryData data => new JsonArray("Binary", Convert.ToBase64String(data.ToArray())),
                _ => throw new InvalidOperationException($"{entity.PartitionKey}/{entity.RowKey}: property {name} has a type the export does not know ({value.GetType().Name})."),
            };
        }

        return new JsonObject { ["PartitionKey"] = entity.PartitionKey, ["RowKey"] = entity.RowKey, ["Properties"] = properties };
    }

    private static TableEntity Entity(JsonObject line)
    {
        var entity = new TableEntity((string)line["PartitionKey"]!, (string)line["RowKey"]!);
        foreach (var (name, node) in line["Properties"]!.AsObject())
        {
            if (node is not JsonArray { Count: 2 } typed)
            {
                continue;
            }

            var text = typed[1]!.ToString();
            entity[name] = (string)typed[0]! switch
            {
                "String" => (string)typed[1]!,
                "Boolean" => (bool)typed[1]!,
                "Int32" => (int)typed[1]!,
                "Int64" => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                "Double" => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                "DateTime" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                "Guid" => Guid.Parse(text),
                "Binary" => Convert.FromBase64String(text),
                var other => throw new FormatException($"unknown property type '{other}'"),
            };
        }

        return entity;
    }
}
