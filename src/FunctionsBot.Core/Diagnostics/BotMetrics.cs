using System.Diagnostics.Metrics;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>
/// The bot's metrics (meter <c>FunctionsBot</c>): cycles by outcome and their duration, and every committed
/// audit record by kind — fills, refusals (with their code), breaker trips, kill-switch changes — so a
/// dashboard counts what the audit trail proves. Tags carry kinds and codes only, never a value from a message.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "FunctionsBot";

    private readonly Counter<long> _cycles;
    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _audit;
    private readonly Counter<long> _alertFailures;

    public BotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _cycles = meter.CreateCounter<long>("functionsbot.cycles", "{cycle}", "Trade cycles run, by outcome.");
        _cycleDuration = meter.CreateHistogram<double>("functionsbot.cycle.duration", "s", "Duration of a trade cycle, lease to release.");
        _audit = meter.CreateCounter<long>("functionsbot.audit.records", "{record}", "Audit records committed, by kind (and refusal code).");
        _alertFailures = meter.CreateCounter<long>("functionsbot.alerts.send_failures", "{send}", "Alert sends that failed, by receiver.");
    }

    public void CycleFinished(CycleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome.ToString());
        _cycles.Add(1, outcome);
        _cycleDuration.Record((result.FinishedAt - result.StartedAt).TotalSeconds, outcome);
    }

    public void AlertSendFailed(string channel) => _alertFailures.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Committed(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            var kind = new KeyValuePair<string, object?>("kind", record.Kind.ToString());
            if (record.Data?.GetValueOrDefault("code") is { Length: > 0 } code)
            {
                _audit.Add(1, kind, new KeyValuePair<string, object?>("code", code));
            }
            else
            {
                _audit.Add(1, kind);
            }
        }
    }
}
