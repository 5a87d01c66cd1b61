using Xunit;

namespace FunctionsBot.Testing;

/// <summary>One Azurite per test assembly (register with <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public string ConnectionString => (_server ?? throw new InvalidOperationException("Azurite has not started.")).ConnectionString;

    public async ValueTask InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
