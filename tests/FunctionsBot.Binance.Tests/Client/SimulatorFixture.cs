using FunctionsBot.Testing;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>One simulator process per test class: faults armed by one class never reach another.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private SimulatorProcess? _simulator;

    public SimulatorProcess Simulator => _simulator ?? throw new InvalidOperationException("The simulator has not started.");

    public async ValueTask InitializeAsync() => _simulator = await SimulatorProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
