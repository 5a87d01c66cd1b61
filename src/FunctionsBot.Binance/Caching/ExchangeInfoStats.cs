namespace FunctionsBot.Binance.Caching;

/// <summary>Counters and entry ages of the exchangeInfo cache.</summary>
public sealed record ExchangeInfoStats(
    long Hits,
    long Misses,
    long Expirations,
    long RefreshFailures,
    string? LastRefreshError,
    IReadOnlyList<ExchangeInfoEntry> Entries)
{
    public bool ServingStale => Entries.Any(e => e.Stale);
}

/// <summary>One cached symbol: its age and whether it is past its TTL (served only within the grace).</summary>
public sealed record ExchangeInfoEntry(string Symbol, TimeSpan Age, bool Stale);
