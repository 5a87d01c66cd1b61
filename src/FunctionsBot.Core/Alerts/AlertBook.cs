namespace FunctionsBot.Core.Alerts;

/// <summary>A condition a person must act on, as the ledger shows it now.</summary>
public sealed record AlertCondition(string Key, string Kind, string Severity, string Message, IReadOnlyDictionary<string, string> Numbers);

/// <summary>
/// One alerted condition: its message, whether it has resolved, which receivers still need the current message
/// (the alert, or once resolved its "resolved"), and the back-off of the next attempt.
/// </summary>
public sealed record AlertEntry(string Key, string Kind, string Severity, string Message, IReadOnlyDictionary<string, string> Numbers, DateTimeOffset RaisedAt)
{
    public DateTimeOffset? ResolvedAt { get; init; }

    public IReadOnlyList<string> Undelivered { get; init; } = [];

    /// <summary>Receivers the alert itself reached (a "resolved" goes only to them).</summary>
    public IReadOnlyList<string> Delivered { get; init; } = [];

    public int Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>
/// What was alerted and is not yet closed, kept in the ledger (row <c>alerts</c>) so every instance sees the same
/// book: one alert per condition until it clears, then one "resolved". Also the send record health reads.
/// </summary>
public sealed record AlertBook
{
    public IReadOnlyList<AlertEntry> Entries { get; init; } = [];

    /// <summary>Sends in the last minute (the rate limit).</summary>
    public IReadOnlyList<DateTimeOffset> RecentSends { get; init; } = [];

    public long Sent { get; init; }

    public long Failures { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>The last failure: receiver and cause (never a token or a URL's secret part).</summary>
    public string? LastFailure { get; init; }

    public bool LastSendFailed => LastFailureAt is { } failed && (LastSuccessAt is not { } ok || failed >= ok);
}

/// <summary>An alert or its "resolved", as every receiver gets it (the webhook's JSON schema).</summary>
public sealed record AlertMessage(
    string Kind, string Key, string Severity, string Status, string Account, string Message, IReadOnlyDictionary<string, string> Numbers, DateTimeOffset Time, DateTimeOffset RaisedAt);

/// <summary>A receiver of alerts (webhook, Telegram). A failed send throws <see cref="AlertSendException"/>.</summary>
public interface IAlertChannel
{
    string Name { get; }

    /// <summary>Configured: only enabled receivers are sent to.</summary>
    bool IsEnabled { get; }

    Task SendAsync(AlertMessage message, CancellationToken cancellationToken);
}

public sealed class AlertSendException : Exception
{
    public AlertSendException()
    {
    }

    public AlertSendException(string message)
        : base(message)
    {
    }

    public AlertSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
