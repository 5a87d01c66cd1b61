using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Diagnostics;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Alerts;

/// <summary>
/// Sends what the ledger says a person must know, after the commit that recorded it: each condition once to each
/// receiver until it clears, then one "resolved". The book in the ledger is claimed (ETag) before sending, so two
/// instances never send the same message; a failed send is logged, counted, kept for a retry with back-off, and
/// never thrown: a slow or dead receiver cannot fail, block or reorder a cycle.
/// </summary>
public sealed partial class AlertDispatcher(
    IEnumerable<IAlertChannel> channels,
    ILedgerStore ledger,
    IOptions<BotOptions> bot,
    IOptions<AlertOptions> options,
    AlertRules rules,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<AlertDispatcher> logger)
{
    private readonly List<IAlertChannel> _channels = channels.Where(c => c.IsEnabled).ToList();

    /// <summary>Evaluates the conditions and sends what is due; returns how many messages were delivered. Never throws but for cancellation.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        if (_channels.Count == 0)
        {
            return 0;
        }

        try
        {
            return await DispatchOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDispatchFailed(ex.GetType().Name, ex.Message);
            return 0;
        }
    }

    private async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var account = bot.Value.Account;
        var now = time.GetUtcNow();
        var snapshot = await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false);
        var conditions = AlertConditions.Evaluate(snapshot, account, now, rules);
        var book = snapshot.Alerts?.Value ?? new AlertBook();
        var (planned, changed) = Plan(book, conditions, now);
        var recent = book.RecentSends.Where(t => now - t < TimeSpan.FromMinutes(1)).ToList();
        var room = Math.Max(0, options.Value.MaxPerMinute - (recent.Count / _channels.Count));
        var due = planned.Where(e => e.Undelivered.Count > 0 && (e.NextAttemptAt is null || e.NextAttemptAt <= now)).Take(room).ToList();
        if (due.Count == 0)
        {
            // Nothing to send now: record what changed (raised, cleared) and stop; nothing was attempted.
            if (changed)
            {
                await SaveIfStillCurrentAsync(account, book with { Entries = planned, RecentSends = recent }, snapshot.Alerts?.Version, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        // Claim: the attempt is in the book before anything is sent; a writer that got there first wins.
        var claimed = planned.Select(e => due.Contains(e) ? e with { Attempts = e.Attempts + 1, NextAttemptAt = now + Backoff(e.Attempts + 1) } : e).ToList();
        string version;
        try
        {
            version = await ledger.SaveAlertsAsync(account, book with { Entries = claimed, RecentSends = recent }, snapshot.Alerts?.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerConcurrencyException)
        {
            return 0;
        }

        var results = new List<(string Key, string Channel, string? Error)>();
        foreach (var entry in claimed.Where(e => due.Any(d => d.Key == e.Key)))
        {
            var message = new AlertMessage(
                entry.Kind, entry.Key, entry.ResolvedAt is null ? entry.Severity : "info", entry.ResolvedAt is null ? "firing" : "resolved", account,
                entry.ResolvedAt is null ? entry.Message : $"Resolved: {entry.Message}", entry.Numbers, entry.ResolvedAt ?? now, entry.RaisedAt);
            foreach (var channel in _channels.Where(c => entry.Undelivered.Contains(c.Name)))
            {
                results.Add((entry.Key, channel.Name, await SendAsync(channel, message, cancellationToken).ConfigureAwait(false)));
            }
        }

        var after = time.GetUtcNow();
        var delivered = results.Count(r => r.Error is null);
        var failures = results.Where(r => r.Error is not null).ToList();
        var entries = claimed.Select(e =>
        {
            var mine = results.Where(r => r.Key == e.Key).ToList();
            var reached = mine.Where(r => r.Error is null).Select(r => r.Channel).ToList();
            return e with
            {
                Undelivered = e.Undelivered.Except(reached).ToList(),
                Delivered = e.ResolvedAt is null ? e.Delivered.Union(reached).ToList() : e.Delivered,
                Attempts = mine.Count > 0 && mine.All(r => r.Error is null) ? 0 : e.Attempts,
            };
        }).Where(e => !(e.ResolvedAt is not null && e.Undelivered.Count == 0)).ToList();
        var updated = book with
        {
            Entries = entries,
            RecentSends = [.. recent, .. results.Select(_ => after)],
            Sent = book.Sent + delivered,
            Failures = book.Failures + failures.Count,
            LastSuccessAt = delivered > 0 ? after : book.LastSuccessAt,
            LastFailureAt = failures.Count > 0 ? after : book.LastFailureAt,
            LastFailure = failures.Count > 0 ? $"{failures[^1].Channel}: {failures[^1].Error}" : book.LastFailure,
        };
        await SaveIfStillCurrentAsync(account, updated, version, cancellationToken).ConfigureAwait(false);
        return delivered;
    }

    private async Task SaveIfStillCurrentAsync(string account, AlertBook book, string? version, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.SaveAlertsAsync(account, book, version, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerConcurrencyException)
        {
            // Another instance wrote the book first; its dispatch or the next one re-plans from it.
            LogBookMoved();
        }
    }

    /// <summary>New conditions become entries for every receiver; entries whose condition cleared turn "resolved" for the receivers the alert reached.</summary>
    private (List<AlertEntry> Entries, bool Changed) Plan(AlertBook book, IReadOnlyList<AlertCondition> conditions, DateTimeOffset now)
    {
        var entries = new List<AlertEntry>();
        var changed = false;
        var names = _channels.Select(c => c.Name).ToList();
        foreach (var entry in book.Entries)
        {
            var active = conditions.Any(c => c.Key == entry.Key);
            if (entry.ResolvedAt is null && !active)
            {
                changed = true;
                var reached = entry.Delivered.Intersect(names).ToList();
                if (reached.Count > 0)
                {
                    entries.Add(entry with { ResolvedAt = now, Undelivered = reached, Attempts = 0, NextAttemptAt = null });
                }

                continue;
            }

            entries.Add(entry);
        }

        foreach (var condition in conditions.Where(c => !entries.Any(e => e.Key == c.Key && e.ResolvedAt is null)))
        {
            changed = true;
            entries.Add(new AlertEntry(condition.Key, condition.Kind, condition.Severity, condition.Message, condition.Numbers, now) { Undelivered = names });
        }

        return (entries, changed);
    }

    private async Task<string?> SendAsync(IAlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
        try
        {
            await channel.SendAsync(message, timeout.Token).ConfigureAwait(false);
            LogSent(channel.Name, message.Kind, message.Status);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only a channel's own message is trusted to be free of secrets (a URL may hold a token); else the kind of failure.
            var why = ex switch
            {
                AlertSendException => ex.Message,
                OperationCanceledException => $"no answer within {options.Value.SendTimeoutSeconds} s",
                _ => ex.GetType().Name,
            };
            metrics.AlertSendFailed(channel.Name);
            LogSendFailed(channel.Name, message.Kind, why);
            return why;
        }
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(1800, 15 * Math.Pow(2, Math.Min(attempts - 1, 10))));

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Alert {Kind} ({Status}) sent to {Channel}")]
    private partial void LogSent(string channel, string kind, string status);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Alert {Kind} not delivered to {Channel}: {Reason}; retried with back-off")]
    private partial void LogSendFailed(string channel, string kind, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Alerts not dispatched ({Type}): {Reason}; the next dispatch tries again")]
    private partial void LogDispatchFailed(string type, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "The alert book moved since it was read; the next dispatch re-plans")]
    private partial void LogBookMoved();
}
