using Microsoft.Extensions.Logging;

namespace FunctionsBot.Storage.Locking;

internal sealed partial class BlobCycleLease
{
    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Lease of account {Account} released")]
    private partial void LogReleased(string account);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Lease of account {Account} could not be released; it lapses on its own")]
    private partial void LogReleaseFailed(Exception exception, string account);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Lease of account {Account} could not be renewed this period")]
    private partial void LogRenewFailed(Exception exception, string account);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Error, Message = "Lease of account {Account} lost: {Why}")]
    private partial void LogLost(string account, string why);
}
