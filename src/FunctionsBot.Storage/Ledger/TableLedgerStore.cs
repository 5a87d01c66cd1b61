using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Storage.Connection;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// The ledger in Azure Table Storage: table <c>ledger</c>, one partition per account. A change and
/// its audit rows are one entity-group transaction, fenced by the state row's ETag.
/// </summary>
internal sealed partial class TableLedgerStore(TableServiceClient service, ILogger<TableLedgerStore> logger) : ILedgerStore
{
    public const string TableName = "ledger";

    /// <summary>An entity-group transaction holds at most 100 operations; one is the state row.</summary>
    public const int MaxAuditPerChange = 99;

    private readonly TableClient _table = service.GetTableClient(TableName);
    private readonly OnceAsync _created = new(ct => service.GetTableClient(TableName).CreateIfNotExistsAsync(ct));

    public async Task<Versioned<RiskState>?> FindStateAsync(string account, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            "read the state row",
            account,
            () => _table.GetEntityIfExistsAsync<StateEntity>(account, StateEntity.Key, cancellationToken: cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity
            ? new Versioned<RiskState>(entity.ToState(), entity.ETag.ToString())
            : null;
    }

    public async Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var account = change.State.Account;
        if (change.Audit.Count is 0 or > MaxAuditPerChange)
        {
            throw new ArgumentException($"A change carries 1 to {MaxAuditPerChange} audit records; got {change.Audit.Count}.", nameof(change));
        }

        var state = StateEntity.From(change.State);
        var actions = new List<TableTransactionAction>(change.Audit.Count + 1)
        {
            change.ExpectedVersion is null
                ? new TableTransactionAction(TableTransactionActionType.Add, state)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, new ETag(change.ExpectedVersion)),
        };
        actions.AddRange(change.Audit.Select((record, i) => new TableTransactionAction(TableTransactionActionType.Add, AuditEntity.From(account, record, i))));

        try
        {
            var response = await CallAsync("commit a change", account, () => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            var version = response.Value[0].Headers.ETag?.ToString()
                ?? throw new LedgerStoreException($"The ledger of account '{account}' returned no version for the state row.");
            LogCommitted(account, change.Audit.Count);
            return version;
        }
        catch (LedgerStoreException ex) when (ex.InnerException is TableTransactionFailedException failed && IsStateConflict(failed))
        {
            LogConflict(account);
            throw new LedgerConcurrencyException(
                $"The state row of account '{account}' changed since it was read (expected version {change.ExpectedVersion ?? "none"}); nothing was written.",
                failed);
        }
    }

    public async Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > MaxAuditPerChange)
        {
            throw new ArgumentException($"Append 1 to {MaxAuditPerChange} audit records; got {records.Count}.", nameof(records));
        }

        var actions = records.Select((record, i) => new TableTransactionAction(TableTransactionActionType.Add, AuditEntity.From(account, record, i)));
        await CallAsync("append audit records", account, () => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {account} and RowKey ge {AuditEntity.Prefix} and RowKey lt {AuditEntity.PrefixEnd}");
        return await CallAsync(
            "read the audit trail",
            account,
            async () =>
            {
                var records = new List<AuditRecord>(limit);
                await foreach (var entity in _table.QueryAsync<AuditEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    records.Add(entity.ToRecord());
                    if (records.Count == limit)
                    {
                        break;
                    }
                }

                return records;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static bool IsStateConflict(TableTransactionFailedException failed) =>
        failed.Status == 412
        || (failed.Status == 409 && failed.FailedTransactionActionIndex == 0 && failed.ErrorCode == "EntityAlreadyExists");

    private async Task<T> CallAsync<T>(string operation, string account, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            await _created.RunAsync(cancellationToken).ConfigureAwait(false);
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            throw new LedgerStoreException($"Could not {operation} in the ledger of account '{account}' ({StorageFailure.Describe(ex)}).", ex);
        }
    }
}
