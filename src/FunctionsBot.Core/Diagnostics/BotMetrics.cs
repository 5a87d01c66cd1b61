using System.Diagnostics.Metrics;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>
/// The bot's metrics (meter <c>FunctionsBot</c>): cycles by outcome and their duration, and every committed
/// audit record by kind — fills, refusals (with their code), breaker trips, kill-switch changes — so a
/// dashboard counts what the audit trail proves. Tags carry kinds and codes only, never a value from a message.
/// The gauges report the ledger as the last cycle of this process left it, the last reconciliation's undecided differences
/// among them: one emitter for every fact, read from the ledger, so Flex instances never disagree. A process that ran no
/// cycle (an HTTP-only instance), or none for two schedule intervals and a minute (the timer moved to another instance),
/// reports none rather than a stale view; the instance that runs the next cycle reports the ledger again.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "FunctionsBot";

    private readonly Counter<long> _cycles;
    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _audit;
    private readonly Counter<long> _alertFailures;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private volatile LedgerGauges? _ledger;

    public BotMetrics(IMeterFactory meters, TimeProvider? time = null, IOptions<TradeCycleOptions>? cycle = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time ?? TimeProvider.System;
        _interval = CycleSchedule.TryParse(cycle?.Value.Schedule ?? new TradeCycleOptions().Schedule, out var schedule, out _)
            ? schedule!.LongestInterval(_time.GetUtcNow())
            : TimeSpan.FromMinutes(1);
        var meter = meters.Create(MeterName);
        _cycles = meter.CreateCounter<long>("functionsbot.cycles", "{cycle}", "Trade cycles run, by outcome.");
        _cycleDuration = meter.CreateHistogram<double>("functionsbot.cycle.duration", "s", "Duration of a trade cycle, lease to release.");
        _audit = meter.CreateCounter<long>("functionsbot.audit.records", "{record}", "Audit records committed, by kind (and refusal code).");
        _alertFailures = meter.CreateCounter<long>("functionsbot.alerts.send_failures", "{send}", "Alert sends that failed, by receiver.");
        Gauge(meter, "functionsbot.killswitch.state", "{state}", "Kill switch: 0 armed, 1 blocking entries, 2 flattening.", g => g.KillSwitch);
        Gauge(meter, "functionsbot.positions.open", "{position}", "Open positions.", g => g.OpenPositions);
        Gauge(meter, "functionsbot.intents.pending", "{intent}", "Order intents not resolved yet.", g => g.PendingIntents);
        Gauge(meter, "functionsbot.positions.unprotected", "{position}", "Open positions not held by a protective order list at the exchange.", g => g.UnprotectedPositions);
        Gauge(meter, "functionsbot.pnl.daily_realized", "{quote}", "Realized PnL of the UTC day, in the quote asset.", g => g.DailyRealizedPnl);
        Gauge(meter, "functionsbot.risk.daily_loss_utilization", "%", "The day's realized loss as a percentage of Risk__DailyLossLimitQuote.", g => g.DailyLossUtilizationPercent);
        Gauge(meter, "functionsbot.breaker.state", "{state}", "Circuit breaker: 0 closed, 1 half-open (probing), 2 open.", g => g.BreakerState);
        Gauge(meter, "functionsbot.breaker.trips", "{trip}", "Times the circuit breaker has opened.", g => g.BreakerTrips);
        Gauge(meter, "functionsbot.exchange.weight_used", "{weight}", "Request weight used this minute, as the exchange reported it.", g => g.ExchangeWeightUsed);
        Gauge(meter, "functionsbot.exchange.info_cache_hits", "{hit}", "exchangeInfo cache hits since the process started.", g => g.ExchangeInfoHits);
        Gauge(meter, "functionsbot.exchange.info_cache_misses", "{miss}", "exchangeInfo cache misses (fetches) since the process started.", g => g.ExchangeInfoMisses);
        Gauge(meter, "functionsbot.reconcile.differences", "{difference}", "Differences of the last reconciliation above the tolerance that no person decided yet (approving or rejecting a proposal clears one).", g => g.ReconcileDifferences);
        Gauge(meter, "functionsbot.cycle.interval_seconds", "s", "The longest gap between two trade cycles TradeCycle__Schedule plans: what the no-cycle alert rule measures against.", _ => _interval.TotalSeconds);
    }

    /// <summary>The ledger as the cycle left it, for the gauges.</summary>
    public void Observe(LedgerGauges gauges) => _ledger = gauges;

    public void CycleFinished(CycleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome.ToString());
        _cycles.Add(1, outcome);
        _cycleDuration.Record((result.FinishedAt - result.StartedAt).TotalSeconds, outcome);
    }

    private void Gauge(Meter meter, string name, string unit, string description, Func<LedgerGauges, double> value) =>
        meter.CreateObservableGauge(
            name,
            () => _ledger is { } gauges && _time.GetUtcNow() - gauges.ObservedAt <= (2 * _interval) + TimeSpan.FromMinutes(1)
                ? [new Measurement<double>(value(gauges))]
                : Array.Empty<Measurement<double>>(),
            unit,
            description);

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
