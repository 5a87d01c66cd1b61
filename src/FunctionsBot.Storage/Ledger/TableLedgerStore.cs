using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
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

    public async Task<LedgerSnapshot> LoadAsync(string account, CancellationToken cancellationToken)
    {
        // Every row but the audit trail: "lock-", "pnl-", "pos-" and "state" all sort after the audit range.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {account} and RowKey ge {AuditEntity.PrefixEnd}");
        return await CallAsync(
            "load the ledger",
            account,
            async () =>
            {
                Versioned<RiskState>? state = null;
                var positions = new List<Position>();
                var locks = new List<SymbolLock>();
                var pnl = new List<DailyPnl>();
                var proposals = new List<Proposal>();
                ReconciliationReport? reconciliation = null;
                Versioned<AlertBook>? alerts = null;
                await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    switch (row.RowKey)
                    {
                        case StateEntity.Key:
                            var entity = Convert<StateEntity>(row);
                            state = new Versioned<RiskState>(entity.ToState(), row.ETag.ToString());
                            break;
                        case var key when key.StartsWith(PositionEntity.Prefix, StringComparison.Ordinal):
                            positions.Add(Convert<PositionEntity>(row).ToPosition());
                            break;
                        case var key when key.StartsWith(LockEntity.Prefix, StringComparison.Ordinal):
                            locks.Add(Convert<LockEntity>(row).ToLock());
                            break;
                        case var key when key.StartsWith(PnlEntity.Prefix, StringComparison.Ordinal):
                            pnl.Add(Convert<PnlEntity>(row).ToPnl());
                            break;
                        case var key when key.StartsWith(JsonRowEntity.ProposalPrefix, StringComparison.Ordinal):
                            proposals.Add(Convert<JsonRowEntity>(row).To<Proposal>());
                            break;
                        case JsonRowEntity.ReconciliationKey:
                            reconciliation = Convert<JsonRowEntity>(row).To<ReconciliationReport>();
                            break;
                        case JsonRowEntity.AlertsKey:
                            alerts = new Versioned<AlertBook>(Convert<JsonRowEntity>(row).To<AlertBook>(), row.ETag.ToString());
                            break;
                    }
                }

                return new LedgerSnapshot(state, positions, locks, pnl) { Proposals = proposals, Reconciliation = reconciliation, Alerts = alerts };
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CommitAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var account = change.State.Account;
        var rows = change.Positions.Count + change.Locks.Count + change.ReleasedLocks.Count + (change.Pnl is null ? 0 : 1) + (change.Equity is null ? 0 : 1) + change.Proposals.Count + (change.Reconciliation is null ? 0 : 1);
        if (change.Audit.Count == 0 || change.Audit.Count + rows > MaxAuditPerChange)
        {
            throw new ArgumentException($"A change carries at least one audit record and at most {MaxAuditPerChange} rows besides the state; got {change.Audit.Count} audit and {rows} other.", nameof(change));
        }

        var state = StateEntity.From(change.State);
        var actions = new List<TableTransactionAction>(change.Audit.Count + rows + 1)
        {
            change.ExpectedVersion is null
                ? new TableTransactionAction(TableTransactionActionType.Add, state)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, new ETag(change.ExpectedVersion)),
        };
        if (change.Audit.Any(r => r.Sequence is null))
        {
            throw new ArgumentException("A change's audit records are sealed onto the chain (AuditChain.Seal) before they are committed.", nameof(change));
        }

        actions.AddRange(change.Audit.Select(record => new TableTransactionAction(TableTransactionActionType.Add, AuditEntity.From(account, record))));
        actions.AddRange(change.Positions.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, PositionEntity.From(account, p))));
        actions.AddRange(change.Locks.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, LockEntity.From(account, l))));
        actions.AddRange(change.ReleasedLocks.Select(symbol => new TableTransactionAction(
            TableTransactionActionType.Delete, new TableEntity(account, LockEntity.Prefix + symbol), ETag.All)));
        if (change.Pnl is { } pnl)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, PnlEntity.From(account, pnl)));
        }

        if (change.Equity is { } equity)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, EquityEntity.From(account, equity)));
        }

        actions.AddRange(change.Proposals.Select(p => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace, JsonRowEntity.From(account, JsonRowEntity.ProposalPrefix + p.Id, p))));
        if (change.Reconciliation is { } report)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, JsonRowEntity.From(account, JsonRowEntity.ReconciliationKey, report)));
        }

        try
        {
            var response = await CallAsync("commit a change", account, () => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            var version = response.Value[0].Headers.ETag?.ToString()
                ?? throw new LedgerStoreException($"The ledger of account '{account}' returned no version for the state row.");
            LogCommitted(account, change.Audit.Count);
            return version;
        }
        catch (LedgerStoreException ex) when (ex.InnerException is TableTransactionFailedException failed && IsStateConflict(failed, change.Audit.Count))
        {
            LogConflict(account);
            throw new LedgerConcurrencyException(
                $"The state row of account '{account}' changed since it was read (expected version {change.ExpectedVersion ?? "none"}); nothing was written.",
                failed);
        }
    }

    public async Task<string> SaveAlertsAsync(string account, AlertBook book, string? expectedVersion, CancellationToken cancellationToken)
    {
        var row = JsonRowEntity.From(account, JsonRowEntity.AlertsKey, book);
        try
        {
            var response = await CallAsync(
                "write the alert book",
                account,
                () => expectedVersion is null
                    ? _table.AddEntityAsync(row, cancellationToken)
                    : _table.UpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw new LedgerStoreException($"The ledger of account '{account}' returned no version for the alert book.");
        }
        catch (LedgerStoreException ex) when (ex.InnerException is RequestFailedException { Status: 409 or 412 })
        {
            throw new LedgerConcurrencyException($"The alert book of account '{account}' changed since it was read; nothing was written.", ex);
        }
    }

    public async Task AppendAuditAsync(string account, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > MaxAuditPerChange)
        {
            throw new ArgumentException($"Append 1 to {MaxAuditPerChange} audit records; got {records.Count}.", nameof(records));
        }

        var head = (await FindStateAsync(account, cancellationToken).ConfigureAwait(false))?.Value.AuditSequence ?? 0;
        var actions = records.Select((record, i) => new TableTransactionAction(TableTransactionActionType.Add, AuditEntity.From(account, record with { Sequence = null, PreviousHash = null, Hash = null }, head, i)));
        await CallAsync("append audit records", account, () => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<(IReadOnlyList<AuditRecord> Records, string? Continuation)> ReadAuditPageAsync(
        string account, int limit, string? continuation, CancellationToken cancellationToken) =>
        ReadPageAsync<AuditEntity, AuditRecord>(
            "read the audit trail",
            account,
            AuditTrail(account),
            e => e.ToRecord(),
            limit,
            continuation,
            cancellationToken);

    public Task<(IReadOnlyList<EquityPoint> Points, string? Continuation)> ReadEquityPageAsync(
        string account, DateTimeOffset from, DateTimeOffset to, int limit, string? continuation, CancellationToken cancellationToken) =>
        ReadPageAsync<EquityEntity, EquityPoint>(
            "read the equity history",
            account,
            TableClient.CreateQueryFilter($"PartitionKey eq {account} and RowKey ge {EquityEntity.Key(from)} and RowKey le {EquityEntity.Key(to)}"),
            e => e.ToPoint(),
            limit,
            continuation,
            cancellationToken);

    /// <summary>One page of a range of the partition in key order, and the token of the next page (null at the end).</summary>
    private async Task<(IReadOnlyList<TResult> Rows, string? Continuation)> ReadPageAsync<TEntity, TResult>(
        string operation, string account, string filter, Func<TEntity, TResult> map, int limit, string? continuation, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        if (continuation is not null && !IsWellFormedContinuation(continuation))
        {
            throw new ArgumentException("The continuation token is not one the table service issued.", nameof(continuation));
        }

        return await CallAsync(
            operation,
            account,
            async () =>
            {
                try
                {
                    // The query keeps its partition filter whatever the token says: a token cannot reach another account.
                    await foreach (var page in _table.QueryAsync<TEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken)
                        .AsPages(continuation, limit).ConfigureAwait(false))
                    {
                        return ((IReadOnlyList<TResult>)page.Values.Select(map).ToList(), page.ContinuationToken);
                    }
                }
                catch (RequestFailedException ex) when (continuation is not null && ex.Status == 400)
                {
                    throw new ArgumentException("The table service refused the continuation token.", nameof(continuation), ex);
                }

                return ((IReadOnlyList<TResult>)[], (string?)null);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The shape of a token the table service issues (Azure.Data.Tables: <c>{next partition key} {next row key}</c>, each
    /// an opaque token of base64 and URL-safe characters): anything else is refused before it reaches storage.
    /// </summary>
    internal static bool IsWellFormedContinuation(string continuation) =>
        continuation.Length <= 1024
        && continuation.Split(' ') is [{ Length: > 0 } partition, { Length: > 0 } row]
        && (partition + row).All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '!' or '*' or '.' or '_' or '-' or '~');

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string account, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var filter = AuditTrail(account);
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

    /// <summary>The account's audit rows, newest first (their keys invert the sequence).</summary>
    private static string AuditTrail(string account) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {account} and RowKey ge {AuditEntity.Prefix} and RowKey lt {AuditEntity.PrefixEnd}");

    private static T Convert<T>(TableEntity row)
        where T : class, ITableEntity, new()
    {
        var entity = TableEntityMapper<T>.Map(row);
        entity.ETag = row.ETag;
        return entity;
    }

    /// <summary>
    /// The state row moved (412), was created meanwhile, or another writer already used these audit sequence
    /// numbers: every one means the change was computed from a state that is no longer current.
    /// </summary>
    private static bool IsStateConflict(TableTransactionFailedException failed, int auditCount) =>
        failed.Status == 412
        || (failed.Status == 409 && failed.ErrorCode == "EntityAlreadyExists" && failed.FailedTransactionActionIndex is { } index && index <= auditCount);

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
