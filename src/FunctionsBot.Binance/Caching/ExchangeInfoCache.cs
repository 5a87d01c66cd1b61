using System.Collections.Concurrent;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Caching;

/// <summary>
/// Symbol rules from exchangeInfo, cached per symbol for <c>Binance__ExchangeInfoTtlMinutes</c>. A miss or
/// an expired entry refreshes every configured symbol in one call (weight 20). When a refresh fails, an
/// entry younger than TTL + <c>Binance__ExchangeInfoGraceMinutes</c> is still served, and the stats say so.
/// </summary>
public sealed partial class ExchangeInfoCache : IDisposable
{
    private readonly ConcurrentDictionary<string, (SymbolRules Rules, DateTimeOffset FetchedAt)> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly IExchangeInfoSource _source;
    private readonly IOptionsMonitor<BinanceOptions> _options;
    private readonly IOptions<BotOptions> _bot;
    private readonly TimeProvider _time;
    private readonly ILogger<ExchangeInfoCache> _logger;
    private long _hits;
    private long _misses;
    private long _expirations;
    private long _failures;
    private string? _lastError;

    internal ExchangeInfoCache(IExchangeInfoSource source, IOptionsMonitor<BinanceOptions> options, IOptions<BotOptions> bot, TimeProvider time, ILogger<ExchangeInfoCache> logger)
    {
        _source = source;
        _options = options;
        _bot = bot;
        _time = time;
        _logger = logger;
    }

    private TimeSpan Ttl => TimeSpan.FromMinutes(_options.CurrentValue.ExchangeInfoTtlMinutes);

    private TimeSpan Grace => TimeSpan.FromMinutes(_options.CurrentValue.ExchangeInfoGraceMinutes);

    public async Task<SymbolRules> GetAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (Fresh(symbol) is { } hit)
        {
            Interlocked.Increment(ref _hits);
            return hit;
        }

        Interlocked.Increment(ref _entries.ContainsKey(symbol) ? ref _expirations : ref _misses);
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (Fresh(symbol) is { } refreshed)
            {
                return refreshed;
            }

            return await RefreshAsync(symbol, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    public ExchangeInfoStats Stats()
    {
        var now = _time.GetUtcNow();
        var entries = _entries
            .Select(e => new ExchangeInfoEntry(e.Key, now - e.Value.FetchedAt, now - e.Value.FetchedAt >= Ttl))
            .OrderBy(e => e.Symbol, StringComparer.Ordinal)
            .ToList();
        return new ExchangeInfoStats(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _expirations), Interlocked.Read(ref _failures), _lastError, entries);
    }

    /// <summary>Drops one symbol, or every symbol when <paramref name="symbol"/> is null; the next use fetches anew.</summary>
    public void Clear(string? symbol = null)
    {
        if (symbol is null)
        {
            _entries.Clear();
        }
        else
        {
            _entries.TryRemove(symbol, out _);
        }
    }

    private SymbolRules? Fresh(string symbol) =>
        _entries.TryGetValue(symbol, out var entry) && _time.GetUtcNow() - entry.FetchedAt < Ttl ? entry.Rules : null;

    private async Task<SymbolRules> RefreshAsync(string symbol, CancellationToken cancellationToken)
    {
        var symbols = _bot.Value.SymbolList.Append(symbol).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var fetched = await _source.FetchAsync(symbols, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            foreach (var rules in fetched)
            {
                _entries[rules.Symbol] = (rules, now);
            }

            _lastError = null;
            return fetched.FirstOrDefault(r => r.Symbol == symbol)
                ?? throw new BinanceResponseException($"exchangeInfo did not list {symbol}.");
        }
        catch (Exception ex) when (ex is BinanceApiException or BinanceResponseException or HttpRequestException)
        {
            Interlocked.Increment(ref _failures);
            _lastError = ex.Message;
            if (_entries.TryGetValue(symbol, out var stale) && _time.GetUtcNow() - stale.FetchedAt < Ttl + Grace)
            {
                LogServingStale(symbol, _time.GetUtcNow() - stale.FetchedAt, ex.Message);
                return stale.Rules;
            }

            throw;
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "exchangeInfo refresh failed ({Error}); serving {Symbol} from an entry {Age} old")]
    private partial void LogServingStale(string symbol, TimeSpan age, string error);
}
