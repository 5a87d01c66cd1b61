using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Binance;

// Templates carry the endpoint (method and path) only: never a query string, key or signature.
public sealed partial class BinanceSpotClient
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "{Endpoint} failed: HTTP {Status}, code {Code} {BinanceMessage}; execution {Execution}")]
    private partial void LogFailed(string endpoint, int status, int? code, string? binanceMessage, ExecutionStatus execution);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Endpoint} got no response ({Failure}); execution unknown")]
    private partial void LogTransportFailure(string endpoint, string failure);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Endpoint} answered {Status}: no calls until {Wait} has passed")]
    private partial void LogBackingOff(string endpoint, int status, TimeSpan wait);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "{Endpoint} rejected the timestamp (-1021); re-syncing the server time and re-signing once")]
    private partial void LogTimestampRejected(string endpoint);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "{Endpoint} waits {Seconds:0.0} s for the next minute: this minute's request weight reached Binance__WeightBudgetPerMinute ({Budget})")]
    private partial void LogPacing(string endpoint, int budget, double seconds);
}
