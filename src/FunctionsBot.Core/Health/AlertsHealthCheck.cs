using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsBot.Core.Health;

/// <summary>Alert delivery from the ledger's alert book: degraded when the last send failed.</summary>
public sealed class AlertsHealthCheck(HealthLedger ledger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Alerts?.Value is not { } book)
        {
            return HealthCheckResult.Healthy("No alert sent yet.");
        }

        var data = new Dictionary<string, object> { ["sent"] = book.Sent, ["failures"] = book.Failures, ["open"] = book.Entries.Count };
        return book.LastSendFailed
            ? HealthCheckResult.Degraded($"The last alert send failed at {book.LastFailureAt:O} ({book.LastFailure}); {book.Failures} failure(s) so far, retried with back-off.", data: data)
            : HealthCheckResult.Healthy($"{book.Sent} alert message(s) delivered; last at {book.LastSuccessAt:O}.", data);
    }
}
