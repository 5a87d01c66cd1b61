using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FunctionsBot.Storage.Ledger;
using FunctionsBot.Storage.Locking;
using FunctionsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Storage.Tests;

/// <summary>Builds the real adapters over the test run's Azurite; every test gets its own account.</summary>
internal static class StorageTestContext
{
    public static string NewAccount() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static TableLedgerStore Ledger(AzuriteFixture azurite) =>
        new(new TableServiceClient(azurite.ConnectionString), NullLogger<TableLedgerStore>.Instance);

    public static TableClient Table(AzuriteFixture azurite) =>
        new TableServiceClient(azurite.ConnectionString).GetTableClient(TableLedgerStore.TableName);

    public static BlobServiceClient Blobs(AzuriteFixture azurite) => new(azurite.ConnectionString);

    public static BlobLeaseLock Lock(AzuriteFixture azurite, int leaseSeconds = 15, int renewSeconds = 5) =>
        new(Blobs(azurite), Options.Create(new LockOptions { LeaseSeconds = leaseSeconds, RenewSeconds = renewSeconds }), TimeProvider.System, NullLoggerFactory.Instance);
}
