namespace FunctionsBot.Binance.Http;

/// <summary>
/// The offset between our clock and the exchange's, measured from <c>GET /api/v3/time</c> at the
/// midpoint of the round trip, kept fresh (every 10 minutes, and at once after a -1021). Timestamps are
/// taken 500 ms early so they never reach the exchange's "1000 ms ahead" limit.
/// </summary>
internal sealed class ServerClock(TimeProvider time)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(500);
    private TimeSpan _offset;
    private DateTimeOffset? _syncedAt;

    public TimeSpan Offset => _offset;

    public bool NeedsSync => _syncedAt is not { } at || time.GetUtcNow() - at > RefreshEvery;

    public long TimestampMs() => (time.GetUtcNow() + _offset - SafetyMargin).ToUnixTimeMilliseconds();

    public void Record(DateTimeOffset sentAt, DateTimeOffset receivedAt, long serverTimeMs)
    {
        var midpoint = sentAt + ((receivedAt - sentAt) / 2);
        _offset = DateTimeOffset.FromUnixTimeMilliseconds(serverTimeMs) - midpoint;
        _syncedAt = receivedAt;
    }

    public void Invalidate() => _syncedAt = null;
}
