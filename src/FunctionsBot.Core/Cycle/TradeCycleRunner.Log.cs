using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Core.Cycle;

public sealed partial class TradeCycleRunner
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Cycle for account {Account} skipped: the lease is held elsewhere")]
    private partial void LogCycleSkipped(string account);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Cycle for account {Account} recorded as {Outcome}")]
    private partial void LogCycleRecorded(string account, CycleOutcome outcome);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Cycle for account {Account} lost its lease and stopped")]
    private partial void LogLeaseLost(string account);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Cycle for account {Account} failed")]
    private partial void LogCycleFailed(Exception exception, string account);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Cycle for account {Account} failed and its failure could not be recorded in the ledger")]
    private partial void LogFailureNotRecorded(Exception exception, string account);
}
