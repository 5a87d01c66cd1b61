using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace FunctionsBot.Storage.Connection;

/// <summary>
/// Reads the <c>AzureWebJobsStorage</c> connection the way the Functions host does: a connection
/// string (<c>UseDevelopmentStorage=true</c> for Azurite), or an identity-based connection from
/// <c>AzureWebJobsStorage__accountName</c> or <c>__blobServiceUri</c> + <c>__tableServiceUri</c>,
/// with <c>__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity.
/// Microsoft.Extensions.Azure's client factory does not know the host's <c>__tableServiceUri</c>
/// naming, hence this small reader.
/// </summary>
internal sealed class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    private StorageConnection(string? connectionString, Uri? blobUri, Uri? tableUri, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        BlobServiceUri = blobUri;
        TableServiceUri = tableUri;
        Credential = credential;
    }

    public string? ConnectionString { get; }

    public Uri? BlobServiceUri { get; }

    public Uri? TableServiceUri { get; }

    public TokenCredential? Credential { get; }

    public static StorageConnection Read(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        var section = configuration.GetSection(SettingName);
        var errors = new List<string>();
        problems = errors;
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            if (section.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{SettingName}: the Key Vault reference was not resolved by the platform; check the app's identity and its Key Vault role.");
            }
            else if (!section.Value.Contains('=', StringComparison.Ordinal))
            {
                errors.Add($"{SettingName}: not a storage connection string (expected 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=...;AccountName=...').");
            }

            return new StorageConnection(section.Value, null, null, null);
        }

        var account = section["accountName"];
        var blob = ReadUri(section, "blobServiceUri", errors) ?? (account is null ? null : new Uri($"https://{account}.blob.core.windows.net"));
        var table = ReadUri(section, "tableServiceUri", errors) ?? (account is null ? null : new Uri($"https://{account}.table.core.windows.net"));
        if (blob is null || table is null)
        {
            errors.Add($"{SettingName} is not set: use a connection string ('UseDevelopmentStorage=true' for Azurite), "
                + $"or {SettingName}__accountName, or both {SettingName}__blobServiceUri and {SettingName}__tableServiceUri for an identity-based connection.");
            return new StorageConnection(null, null, null, null);
        }

        var clientId = section["clientId"];
        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new StorageConnection(null, blob, table, credential);
    }

    public TableServiceClient CreateTableServiceClient()
    {
        var options = new TableClientOptions();
        Tune(options);
        return ConnectionString is not null
            ? new TableServiceClient(ConnectionString, options)
            : new TableServiceClient(TableServiceUri, Credential, options);
    }

    public BlobServiceClient CreateBlobServiceClient()
    {
        var options = new BlobClientOptions();
        Tune(options);
        return ConnectionString is not null
            ? new BlobServiceClient(ConnectionString, options)
            : new BlobServiceClient(BlobServiceUri, Credential, options);
    }

    private static void Tune(ClientOptions options)
    {
        // A short, bounded retry: the cycle runs every minute and health checks have their own time limit.
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }

    private static Uri? ReadUri(IConfigurationSection section, string key, List<string> errors)
    {
        var raw = section[key];
        if (raw is null)
        {
            return null;
        }

        if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        errors.Add($"{SettingName}__{key} = '{raw}': not an absolute http(s) URI.");
        return null;
    }
}
