using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsBot.Functions;

/// <summary>The timer-triggered trade cycle; schedule from <c>TradeCycle__Schedule</c>.</summary>
public sealed partial class TradeCycleFunction(TradeCycleRunner runner, AlertDispatcher alerts, ILogger<TradeCycleFunction> logger)
{
    [Function("TradeCycle")]
    public async Task Run([TimerTrigger("%TradeCycle:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue();
        }

        try
        {
            var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
            LogFinished(result.Outcome, result.FinishedAt - result.StartedAt);
        }
        finally
        {
            // After the cycle's commits and its lease: a slow or failing receiver never holds or fails a cycle.
            await alerts.DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "TradeCycle timer is past due")]
    private partial void LogPastDue();

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "TradeCycle finished: {Outcome} in {Duration}")]
    private partial void LogFinished(CycleOutcome outcome, TimeSpan duration);
}
