using FunctionsBot.Core.Configuration;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Health;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Storage.Connection;
using FunctionsBot.Storage.Ledger;
using FunctionsBot.Storage.Locking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table Storage ledger (<see cref="ILedgerStore"/>), the blob-lease cycle lock
    /// (<see cref="ICycleLock"/>) and the storage probe, all over the <c>AzureWebJobsStorage</c> connection.
    /// </summary>
    public static IServiceCollection AddTableLedger(this IServiceCollection services)
    {
        services.AddSettings<LockOptions>();
        services.AddOptions<StorageConnectionValidator.Check>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageConnectionValidator.Check>, StorageConnectionValidator>();
        services.AddSingleton(sp => StorageConnection.Read(sp.GetRequiredService<IConfiguration>(), out _));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient());
        services.AddSingleton<ILedgerStore, TableLedgerStore>();
        services.AddSingleton<ICycleLock, BlobLeaseLock>();
        services.AddSingleton<IStorageProbe, StorageProbe>();
        return services;
    }
}
