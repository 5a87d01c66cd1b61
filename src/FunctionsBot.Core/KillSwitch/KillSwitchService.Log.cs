using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.KillSwitch;

public sealed partial class KillSwitchService
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Kill switch for account {Account} set active={Active} by {Actor}")]
    private partial void LogKillSwitchChanged(string account, bool active, string actor);
}
