using Microsoft.Extensions.Logging;

namespace FunctionsBot.Storage.Ledger;

internal sealed partial class TableLedgerStore
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Committed a change with {AuditCount} audit records to the ledger of account {Account}")]
    private partial void LogCommitted(string account, int auditCount);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "The state row of account {Account} changed under a writer; the change was rejected whole")]
    private partial void LogConflict(string account);
}
