namespace FunctionsBot.Core.Health;

/// <summary>When this process started serving; the reference age before any cycle succeeded.</summary>
public sealed class HostStart(TimeProvider time)
{
    public DateTimeOffset At { get; } = time.GetUtcNow();
}
