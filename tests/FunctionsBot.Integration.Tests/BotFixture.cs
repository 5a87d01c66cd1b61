using Azure.Data.Tables;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>One DevHost over the shared Azurite, cycling every 2 seconds, with its own account.</summary>
public sealed class BotFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    private DevHostProcess? _host;
    private SimulatorProcess? _simulator;

    public string Account { get; } = "e2e" + Guid.NewGuid().ToString("N")[..12];

    public HttpClient Client => Host.Client;

    public DevHostProcess Host => _host ?? throw new InvalidOperationException("DevHost has not started.");

    public TableClient Ledger { get; } = new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger");

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorProcess.StartAsync();
        _host = await DevHostProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Binance__BaseUrl"] = _simulator.BaseAddress.ToString(),
            ["TradeCycle__Schedule"] = "*/2 * * * * *",
            ["Bot__Account"] = Account,
            // Far longer than a kill switch round trip: the change must show through a report cached just before it.
            ["Health__CacheSeconds"] = "5",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    /// <summary>Every row of the account's partition with its ETag.</summary>
    public async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Ledger.QueryAsync<TableEntity>(e => e.PartitionKey == Account))
        {
            rows.Add(row);
        }

        return rows;
    }
}
