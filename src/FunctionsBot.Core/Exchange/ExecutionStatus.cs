namespace FunctionsBot.Core.Exchange;

/// <summary>What a failed exchange call tells about whether it took effect.</summary>
public enum ExecutionStatus
{
    /// <summary>Definitely not executed: the exchange rejected the request before acting on it.</summary>
    Rejected,

    /// <summary>It may or may not have executed (HTTP 5xx, -1006, -1007, a timeout or a broken connection). Never treat as failed: look it up.</summary>
    Unknown,
}
