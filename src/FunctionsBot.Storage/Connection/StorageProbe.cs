using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FunctionsBot.Core.Health;

namespace FunctionsBot.Storage.Connection;

/// <summary>Asks the blob and table services one cheap question each.</summary>
internal sealed class StorageProbe(BlobServiceClient blobs, TableServiceClient tables) : IStorageProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(ProbeBlobAsync(cancellationToken), ProbeTableAsync(cancellationToken)).ConfigureAwait(false);
    }

    private async Task ProbeBlobAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.GetBlobContainerClient("locks").ExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            throw new InvalidOperationException($"Blob service at {blobs.Uri.GetLeftPart(UriPartial.Authority)} did not answer: {StorageFailure.Describe(ex)}", ex);
        }
    }

    private async Task ProbeTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in tables.QueryAsync(filter: "TableName eq 'ledger'", maxPerPage: 1, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                break;
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            throw new InvalidOperationException($"Table service at {tables.Uri.GetLeftPart(UriPartial.Authority)} did not answer: {StorageFailure.Describe(ex)}", ex);
        }
    }
}
