using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.KillSwitch;

public sealed partial class KillSwitchService
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Kill switch for account {Account} set active={Active} by {Actor}")]
    private partial void LogKillSwitchChanged(string account, bool active, string actor);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The lease of account {Account} stayed busy for {Seconds} s; the kill switch is written without it (a cycle in flight may fail its next commit)")]
    private partial void LogWritingWithoutLease(string account, double seconds);
}
