using System.CommandLine;
using Azure.Data.Tables;
using Azure.Identity;
using FunctionsBot.Storage.Ledger;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>ledger export --file F</c> and <c>ledger import --file F</c>: the ledger table straight from storage (not through the
/// bot, which may be gone), as JSON Lines; an import re-verifies every account's audit chain and writes only into a table
/// that holds none of its rows. Storage: <c>--table-endpoint</c> with your Azure sign-in (<c>az login</c>; shared keys
/// are disabled on the account), or the <c>FUNCTIONSBOT_STORAGE_CONNECTION_STRING</c> environment variable (Azurite).
/// </summary>
internal static class LedgerArchiveCommand
{
    public static Command Create()
    {
        var endpoint = new Option<Uri?>("--table-endpoint") { Description = "https://<account>.table.core.windows.net (azd env get-value AZURE_STORAGE_ACCOUNT_NAME); signs in as you (az login). Default: FUNCTIONSBOT_STORAGE_CONNECTION_STRING.", Recursive = true };
        var table = new Option<string>("--table") { Description = "The table (default ledger).", DefaultValueFactory = _ => "ledger", Recursive = true };
        var file = new Option<FileInfo>("--file", "-f") { Description = "The JSON Lines file.", Required = true, Recursive = true };
        var export = new Command("export", "Write every row of the ledger table to --file.");
        export.SetAction(async (parse, cancellationToken) => await RunAsync(parse, endpoint, table, async client =>
        {
            var path = parse.GetValue(file)!.FullName;
            await using var writer = new StreamWriter(path);
            var count = await LedgerArchive.ExportAsync(client, writer, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"Exported {count} rows of '{client.Name}' to {path}.");
            return ExitCodes.Ok;
        }).ConfigureAwait(false));
        var import = new Command("import", "Verify the audit chains in --file, then write its rows into an empty table.");
        import.SetAction(async (parse, cancellationToken) => await RunAsync(parse, endpoint, table, async client =>
        {
            var path = parse.GetValue(file)!.FullName;
            using var reader = new StreamReader(path);
            var rows = await LedgerArchive.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            var count = await LedgerArchive.ImportAsync(client, rows, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"Imported {count} rows into '{client.Name}'; every audit chain verified.");
            return ExitCodes.Ok;
        }).ConfigureAwait(false));
        return new Command("ledger", "Export or import the ledger table (disaster recovery: docs/disaster-recovery.md).") { endpoint, table, file, export, import };
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<Uri?> endpoint, Option<string> table, Func<TableClient, Task<int>> action)
    {
        try
        {
            var service = parse.GetValue(endpoint) is { } uri
                ? new TableServiceClient(uri, new DefaultAzureCredential())
                : Environment.GetEnvironmentVariable("FUNCTIONSBOT_STORAGE_CONNECTION_STRING") is { Length: > 0 } connection
                    ? new TableServiceClient(connection)
                    : throw new CliException(ExitCodes.Usage, "No storage: pass --table-endpoint https://<account>.table.core.windows.net, or set FUNCTIONSBOT_STORAGE_CONNECTION_STRING.");
            return await action(service.GetTableClient(parse.GetValue(table))).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (InvalidDataException ex)
        {
            // A tampered or damaged export: as audit --verify, a broken chain is critical.
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Critical;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or Azure.RequestFailedException or AuthenticationFailedException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex is Azure.RequestFailedException { Status: 0 } ? ExitCodes.Unreachable : ExitCodes.Problem;
        }
    }
}
