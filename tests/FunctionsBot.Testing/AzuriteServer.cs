using System.Globalization;

namespace FunctionsBot.Testing;

/// <summary>
/// A real Azurite (from the repository's pinned npm package) on free loopback ports, in memory.
/// Fails, never skips, when it cannot start.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private AzuriteServer(ChildProcess process, int blobPort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        TablePort = tablePort;
        ConnectionString = ConnectionStringFor(blobPort, tablePort);
    }

    public string ConnectionString { get; }

    public int BlobPort { get; }

    public int TablePort { get; }

    /// <summary>The connection string of Azurite's account at these ports (another process in front of Azurite, say).</summary>
    public static string ConnectionStringFor(int blobPort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    public static async Task<AzuriteServer> StartAsync()
    {
        var script = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}; run 'npm ci' in {RepoPaths.Root} (the README's test command does).");
        }

        var process = ChildProcess.Start(
            "node",
            [script, "--blobHost", "127.0.0.1", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0", "--inMemoryPersistence",
             "--skipApiVersionCheck", "--disableTelemetry", "--silent"]);
        try
        {
            var blob = await process.WaitForLineAsync(@"Blob service is successfully listening at http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(60));
            var table = await process.WaitForLineAsync(@"Table service is successfully listening at http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(60));
            return new AzuriteServer(process, int.Parse(blob.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(table.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
