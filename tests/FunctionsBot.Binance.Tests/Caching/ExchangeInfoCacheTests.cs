using FunctionsBot.Binance.Caching;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Binance.Tests.Caching;

public sealed class ExchangeInfoCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 23, 59, 0, TimeSpan.Zero));
    private readonly FakeSource _source = new();
    private readonly ExchangeInfoCache _cache;

    public ExchangeInfoCacheTests()
    {
        var options = new BinanceOptions { ExchangeInfoTtlMinutes = 60, ExchangeInfoGraceMinutes = 30 };
        _cache = new ExchangeInfoCache(
            _source,
            new StaticMonitor(options),
            Options.Create(new BotOptions { Symbols = "BTCUSDT,ETHUSDT" }),
            _time,
            NullLogger<ExchangeInfoCache>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_FirstUse_OneFetchForEveryConfiguredSymbolThenHits()
    {
        var btc = await _cache.GetAsync("BTCUSDT", Ct);
        await _cache.GetAsync("ETHUSDT", Ct);
        await _cache.GetAsync("BTCUSDT", Ct);

        Assert.Equal("BTCUSDT", btc.Symbol);
        Assert.Equal(1, _source.Calls);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], _source.LastSymbols);
        var stats = _cache.Stats();
        Assert.Equal((2L, 1L, 0L), (stats.Hits, stats.Misses, stats.Expirations));
    }

    [Fact]
    public async Task GetAsync_PastTtl_CountsAnExpiryAndRefreshes()
    {
        await _cache.GetAsync("BTCUSDT", Ct);
        _time.Advance(TimeSpan.FromMinutes(59));
        await _cache.GetAsync("BTCUSDT", Ct);
        Assert.Equal(1, _source.Calls);

        _time.Advance(TimeSpan.FromMinutes(1));
        await _cache.GetAsync("BTCUSDT", Ct);

        Assert.Equal(2, _source.Calls);
        Assert.Equal(1, _cache.Stats().Expirations);
        Assert.All(_cache.Stats().Entries, e => Assert.Equal(TimeSpan.Zero, e.Age));
    }

    [Fact]
    public async Task Stats_EntryAges_FollowTheClock()
    {
        await _cache.GetAsync("BTCUSDT", Ct);
        _time.Advance(TimeSpan.FromMinutes(61));

        var entries = _cache.Stats().Entries;

        Assert.Equal(["BTCUSDT", "ETHUSDT"], entries.Select(e => e.Symbol));
        Assert.All(entries, e => Assert.Equal((TimeSpan.FromMinutes(61), true), (e.Age, e.Stale)));
    }

    [Fact]
    public async Task GetAsync_RefreshFailsWithinGrace_ServesStaleAndSaysSo()
    {
        await _cache.GetAsync("BTCUSDT", Ct);
        _time.Advance(TimeSpan.FromMinutes(80));
        _source.Failure = new BinanceApiException("GET /api/v3/exchangeInfo", 503, null, null, ExecutionStatus.Unknown);

        var rules = await _cache.GetAsync("BTCUSDT", Ct);

        Assert.Equal("BTCUSDT", rules.Symbol);
        var stats = _cache.Stats();
        Assert.True(stats.ServingStale);
        Assert.Equal(1, stats.RefreshFailures);
        Assert.Contains("503", stats.LastRefreshError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_RefreshFailsBeyondGrace_Throws()
    {
        await _cache.GetAsync("BTCUSDT", Ct);
        _time.Advance(TimeSpan.FromMinutes(90));
        _source.Failure = new BinanceApiException("GET /api/v3/exchangeInfo", 503, null, null, ExecutionStatus.Unknown);

        await Assert.ThrowsAsync<BinanceApiException>(() => _cache.GetAsync("BTCUSDT", Ct));
    }

    [Fact]
    public async Task Clear_OneSymbolOrAll_NextUseFetchesAgain()
    {
        await _cache.GetAsync("BTCUSDT", Ct);

        _cache.Clear("ETHUSDT");
        await _cache.GetAsync("BTCUSDT", Ct);
        Assert.Equal(1, _source.Calls);
        Assert.Equal(["BTCUSDT"], _cache.Stats().Entries.Select(e => e.Symbol));

        _cache.Clear();
        Assert.Empty(_cache.Stats().Entries);
        await _cache.GetAsync("BTCUSDT", Ct);
        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task GetAsync_SymbolNotConfigured_FetchedTogetherWithTheConfiguredOnes()
    {
        await _cache.GetAsync("SOLUSDT", Ct);

        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT"], _source.LastSymbols);
    }

    public void Dispose() => _cache.Dispose();

    private sealed class FakeSource : IExchangeInfoSource
    {
        public int Calls { get; private set; }

        public IReadOnlyCollection<string> LastSymbols { get; private set; } = [];

        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<SymbolRules>> FetchAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
        {
            Calls++;
            LastSymbols = symbols;
            if (Failure is { } failure)
            {
                throw failure;
            }

            return Task.FromResult<IReadOnlyList<SymbolRules>>(symbols
                .Select(s => new SymbolRules(s, "TRADING", s[..^4], "USDT", true, [new LotSizeFilter(0.001m, 1000m, 0.001m)]))
                .ToList());
        }
    }

    private sealed class StaticMonitor(BinanceOptions value) : IOptionsMonitor<BinanceOptions>
    {
        public BinanceOptions CurrentValue => value;

        public BinanceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BinanceOptions, string?> listener) => null;
    }
}
