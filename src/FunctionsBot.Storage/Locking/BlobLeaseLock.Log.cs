using Microsoft.Extensions.Logging;

namespace FunctionsBot.Storage.Locking;

internal sealed partial class BlobLeaseLock
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Lease of account {Account} acquired as {LeaseId}")]
    private partial void LogAcquired(string account, string leaseId);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Lease of account {Account} is busy ({ErrorCode})")]
    private partial void LogBusy(string account, string? errorCode);
}
