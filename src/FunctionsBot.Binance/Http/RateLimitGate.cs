using System.Globalization;

namespace FunctionsBot.Binance.Http;

/// <summary>
/// Process-wide view of the exchange's limits (they count per IP): the last used weight and order
/// counts from the response headers, and a stop after 429/418 until <c>Retry-After</c> has passed.
/// </summary>
internal sealed class RateLimitGate(TimeProvider time)
{
    private long _blockedUntilTicks;
    private volatile int _blockedBy;

    public int UsedWeight1M { get; private set; }

    public int OrderCount10S { get; private set; }

    public int OrderCount1D { get; private set; }

    public DateTimeOffset? BlockedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _blockedUntilTicks);
            return ticks > time.GetUtcNow().UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    public void Observe(HttpResponseMessage response)
    {
        if (Header(response, "X-MBX-USED-WEIGHT-1M") is { } weight)
        {
            UsedWeight1M = weight;
        }

        if (Header(response, "X-MBX-ORDER-COUNT-10S") is { } tenSeconds)
        {
            OrderCount10S = tenSeconds;
        }

        if (Header(response, "X-MBX-ORDER-COUNT-1D") is { } day)
        {
            OrderCount1D = day;
        }
    }

    /// <summary>The status (429 or 418) that asked for the back-off in force, or null when none is.</summary>
    public int? BlockedBy => BlockedUntil is null ? null : _blockedBy;

    public void Block(TimeSpan retryAfter, int status)
    {
        var until = (time.GetUtcNow() + retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _blockedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _blockedUntilTicks, until, current) != current);
        _blockedBy = status;
    }

    private static int? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
