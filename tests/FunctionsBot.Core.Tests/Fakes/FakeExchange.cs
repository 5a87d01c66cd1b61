using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>An exchange whose prices, signals and order outcomes a test sets; it records every order sent.</summary>
internal sealed class FakeExchange : IExchange
{
    public const decimal Commission = 0.001m;

    public decimal Price { get; set; } = 100m;

    public IReadOnlyList<decimal> Closes { get; set; } = Flat();

    public decimal FreeQuote { get; set; } = 10_000m;

    /// <summary>Thrown by the next placements instead of filling (then cleared when <see cref="FailCount"/> runs out).</summary>
    public ExchangeException? PlaceFailure { get; set; }

    /// <summary>Thrown by every price request while set.</summary>
    public ExchangeException? MarketDataFailure { get; set; }

    public int FailCount { get; set; }

    /// <summary>When set, a failed placement still reaches the book (an unknown outcome that did execute).</summary>
    public bool FailureStillPlaces { get; set; }

    public List<(string ClientOrderId, OrderSide Side, decimal Quantity)> Sent { get; } = [];

    public Dictionary<string, OrderOutcome> Book { get; } = [];

    public static SymbolRules Rules(string symbol) => new(symbol, "TRADING", symbol[..^4], "USDT", true,
        [new LotSizeFilter(0.001m, 10_000m, 0.001m), new NotionalFilter(5m, true, 1_000_000m, false, 5)]);

    /// <summary>Closes whose fast average crosses above the slow one on the last candle (default 5/20).</summary>
    public static IReadOnlyList<decimal> CrossUp() => [.. Enumerable.Repeat(100m, 19), 90m, 100m, 130m];

    public static IReadOnlyList<decimal> CrossDown() => [.. Enumerable.Repeat(100m, 19), 110m, 100m, 70m];

    public static IReadOnlyList<decimal> Flat() => [.. Enumerable.Repeat(100m, 22)];

    public Task<IReadOnlyList<decimal>> GetClosedClosesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<decimal>>(Closes.TakeLast(count).ToList());

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        MarketDataFailure is { } failure ? Task.FromException<decimal>(failure) : Task.FromResult(Price);

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(Price);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(Rules(symbol));

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(FreeQuote);

    /// <summary>Runs as an order is placed (e.g. the host starts shutting down mid-POST).</summary>
    public Action? OnPlace { get; set; }

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken)
    {
        Sent.Add((clientOrderId, side, quantity));
        OnPlace?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = side == OrderSide.Buy
            ? new OrderOutcome(clientOrderId, OrderProgress.Filled, quantity, quantity * Price, quantity * Commission, 0m)
            : new OrderOutcome(clientOrderId, OrderProgress.Filled, quantity, quantity * Price, 0m, quantity * Price * Commission);
        if (PlaceFailure is { } failure && FailCount > 0)
        {
            FailCount--;
            if (FailureStillPlaces)
            {
                Book[clientOrderId] = outcome;
            }

            throw failure;
        }

        Book[clientOrderId] = outcome;
        return Task.FromResult(outcome);
    }

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(Book.TryGetValue(clientOrderId, out var outcome) ? outcome : null);

    public Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken) => Task.FromResult(0);
}
