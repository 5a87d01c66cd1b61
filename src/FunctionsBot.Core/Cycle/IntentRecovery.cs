using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// The recovery stage: resolves every intent a previous cycle left by asking the exchange for its client order
/// id. Done (with or without fills) → booked; not found after the grace window → abandoned; not found yet, still
/// working, or the exchange cannot say → the symbol stays blocked and it is audited. "Not found" right after a
/// placement is not proof of absence, hence the grace window. Nothing is ever resent.
/// </summary>
public sealed class IntentRecovery(IExchange exchange, BookingMarketReader markets, IntentLedger intents, CycleJournal journal, IOptions<RiskOptions> risk, TimeProvider time)
{
    internal async Task RecoverAsync(CycleContext context, CancellationToken cancellationToken)
    {
        foreach (var intent in context.Positions.Where(p => p.IsIntent).OrderBy(p => p.Sequence).ToList())
        {
            var clientOrderId = IntentLedger.ClientOrderIdOf(intent);
            context.ThrowIfLeaseLost();
            OrderOutcome? found;
            try
            {
                found = await exchange.FindOrderAsync(intent.Symbol, clientOrderId, cancellationToken).ConfigureAwait(false);
                if (found is { Progress: not OrderProgress.Working })
                {
                    var market = await markets.ReadAsync(context, intent.Symbol, cancellationToken).ConfigureAwait(false);
                    await intents.BookAsync(context, intent, found, market, AuditKind.IntentRecovered, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (ExchangeException ex)
            {
                await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
                await intents.StillUnknownAsync(context, intent, $"the exchange could not say ({ex.Message})", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var age = time.GetUtcNow() - (intent.Status == PositionStatus.Pending ? intent.CreatedAt : intent.ExitRequestedAt ?? intent.CreatedAt);
            var grace = TimeSpan.FromSeconds(risk.Value.RecoveryGraceSeconds);
            if (found is null && age > grace)
            {
                await intents.AbandonAsync(context, intent, $"order {clientOrderId} still does not exist {age.TotalSeconds:0} s after the intent (grace {grace.TotalSeconds:0} s, Risk__RecoveryGraceSeconds)", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await intents.StillUnknownAsync(context, intent, found is null ? $"not found yet ({age.TotalSeconds:0} s old, grace {grace.TotalSeconds:0} s)" : "still working at the exchange", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
