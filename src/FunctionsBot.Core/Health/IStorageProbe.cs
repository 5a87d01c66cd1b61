namespace FunctionsBot.Core.Health;

/// <summary>Checks that the storage services the bot depends on answer.</summary>
public interface IStorageProbe
{
    /// <summary>Completes when every storage service answered; throws with the failing service otherwise.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
