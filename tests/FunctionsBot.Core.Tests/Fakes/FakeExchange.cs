using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>An exchange whose prices, signals and order outcomes a test sets; it records every order and order list sent.</summary>
internal sealed class FakeExchange : IExchange, IProtectiveOrders
{
    public const decimal Commission = 0.001m;

    public decimal Price { get; set; } = 100m;

    public IReadOnlyList<decimal> Closes { get; set; } = Flat();

    public decimal FreeQuote { get; set; } = 10_000m;

    /// <summary>Share of each order that fills (a thin book: the rest expires); 0 fills nothing.</summary>
    public decimal FillFraction { get; set; } = 1m;

    /// <summary>When set, commissions are paid in this asset (e.g. BNB at <see cref="FeeAssetPrice"/>) instead of the received asset.</summary>
    public string? FeeAsset { get; set; }

    public decimal FeeAssetPrice { get; set; } = 500m;

    public TimeSpan OrderCallBound { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every ticker asked for, by symbol.</summary>
    public List<string> PricesAsked { get; } = [];

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
        [new PriceFilter(0.01m, 1_000_000m, 0.01m), new LotSizeFilter(0.001m, 10_000m, 0.001m), new NotionalFilter(5m, true, 1_000_000m, false, 5)])
    {
        OcoAllowed = true,
        MaxNumAlgoOrders = 5,
    };

    /// <summary>Every order list placed, by list client id.</summary>
    public Dictionary<string, OcoRequest> Lists { get; } = [];

    /// <summary>Client ids of the lists still contingent (neither leg triggered or traded).</summary>
    public HashSet<string> OpenLists { get; } = [];

    /// <summary>Runs as a list cancel arrives, before it is applied (e.g. a leg trades just before).</summary>
    public Action<string>? OnCancelList { get; set; }

    /// <summary>Thrown by the next list placement instead of its reply (then cleared); with <see cref="ListFailureStillPlaces"/> the list exists anyway.</summary>
    public ExchangeException? ListFailure { get; set; }

    public bool ListFailureStillPlaces { get; set; }

    /// <summary>Every list placement sent, by list client id, whatever became of it.</summary>
    public List<string> ListsSent { get; } = [];

    public Task<long> PlaceOcoAsync(OcoRequest request, CancellationToken cancellationToken)
    {
        ListsSent.Add(request.ListClientOrderId);
        if (ListFailure is { } failure)
        {
            ListFailure = null;
            if (ListFailureStillPlaces)
            {
                Place(request);
            }

            throw failure;
        }

        return Task.FromResult(Place(request));
    }

    public Task<OrderListState?> FindListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken)
    {
        if (HiddenLookups.GetValueOrDefault(listClientOrderId) > 0)
        {
            HiddenLookups[listClientOrderId]--;
            return Task.FromResult<OrderListState?>(null);
        }

        return Task.FromResult(Lists.ContainsKey(listClientOrderId) ? new OrderListState(Lists.Keys.ToList().IndexOf(listClientOrderId) + 1, OpenLists.Contains(listClientOrderId)) : null);
    }

    /// <summary>Lists <c>openOrderList</c> leaves out though they are open (its view lags).</summary>
    public HashSet<string> LaggingFromOpenLists { get; } = [];

    /// <summary>How many more lookups of a list by its client id answer "does not exist" though it does.</summary>
    public Dictionary<string, int> HiddenLookups { get; } = [];

    public Task<IReadOnlyDictionary<string, long>> GetOpenListsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(OpenLists.Except(LaggingFromOpenLists).ToDictionary(id => id, id => (long)(Lists.Keys.ToList().IndexOf(id) + 1)));

    public Task<bool> CancelListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken)
    {
        OnCancelList?.Invoke(listClientOrderId);
        if (CancelListFailure is { } failure)
        {
            CancelListFailure = null;
            throw failure;
        }

        if (!OpenLists.Remove(listClientOrderId))
        {
            return Task.FromResult(false);
        }

        var list = Lists[listClientOrderId];
        Book[list.StopClientOrderId] = new OrderOutcome(list.StopClientOrderId, OrderProgress.Ended, 0, 0, []);
        Book[list.TakeProfitClientOrderId] = new OrderOutcome(list.TakeProfitClientOrderId, OrderProgress.Ended, 0, 0, []);
        return Task.FromResult(true);
    }

    /// <summary>Thrown by the next list cancel instead of canceling (then cleared).</summary>
    public ExchangeException? CancelListFailure { get; set; }

    /// <summary>Cancels one order; a leg of a list still open cancels the whole list, as Binance does.</summary>
    public Task<bool> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        if (Lists.FirstOrDefault(l => OpenLists.Contains(l.Key) && (l.Value.StopClientOrderId == clientOrderId || l.Value.TakeProfitClientOrderId == clientOrderId)).Key is { } listId)
        {
            return CancelListAsync(symbol, listId, cancellationToken);
        }

        if (Book.GetValueOrDefault(clientOrderId) is not { Progress: OrderProgress.Working } leg)
        {
            return Task.FromResult(false);
        }

        Book[clientOrderId] = leg with { Progress = leg.ExecutedQuantity > 0 ? OrderProgress.Filled : OrderProgress.Ended };
        return Task.FromResult(true);
    }

    private long Place(OcoRequest request)
    {
        Lists[request.ListClientOrderId] = request;
        OpenLists.Add(request.ListClientOrderId);
        Book[request.StopClientOrderId] = new OrderOutcome(request.StopClientOrderId, OrderProgress.Working, 0, 0, []) { OnBook = false };
        Book[request.TakeProfitClientOrderId] = new OrderOutcome(request.TakeProfitClientOrderId, OrderProgress.Working, 0, 0, []);
        return Lists.Count;
    }

    /// <summary>A leg of an open list sells <paramref name="quantity"/> at <paramref name="price"/> (commission in quote): the list ends, the other leg expires.</summary>
    public void TradeLeg(string listClientOrderId, bool stop, decimal price, decimal quantity, bool done = true)
    {
        var list = Lists[listClientOrderId];
        OpenLists.Remove(listClientOrderId);
        var (traded, other) = stop ? (list.StopClientOrderId, list.TakeProfitClientOrderId) : (list.TakeProfitClientOrderId, list.StopClientOrderId);
        var quote = price * quantity;
        Book[traded] = new OrderOutcome(traded, done ? OrderProgress.Filled : OrderProgress.Working, quantity, quote, quantity == 0 ? [] : [new Fill(price, quantity, quote * Commission, "USDT")]);
        Book[other] = new OrderOutcome(other, OrderProgress.Ended, 0, 0, []);
    }

    /// <summary>Closes whose fast average crosses above the slow one on the last candle (default 5/20).</summary>
    public static IReadOnlyList<decimal> CrossUp() => [.. Enumerable.Repeat(100m, 19), 90m, 100m, 130m];

    public static IReadOnlyList<decimal> CrossDown() => [.. Enumerable.Repeat(100m, 19), 110m, 100m, 70m];

    public static IReadOnlyList<decimal> Flat() => [.. Enumerable.Repeat(100m, 22)];

    /// <summary>One-minute candles closing at <see cref="Closes"/>, long closed (from the Unix epoch on).</summary>
    public Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Candle>>(Closes.Select((close, i) => new Candle(i * 60_000L, close, close, close, close, 1m, (i * 60_000L) + 59_999)).TakeLast(count).ToList());

    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken)
    {
        PricesAsked.Add(symbol);
        return MarketDataFailure is { } failure ? Task.FromException<decimal>(failure)
            : Task.FromResult(FeeAsset is { } asset && symbol == asset + "USDT" ? FeeAssetPrice : Price);
    }

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(Price);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken)
    {
        var rules = Rules(symbol) with { OcoAllowed = OcoAllowed, Status = Statuses.GetValueOrDefault(symbol, "TRADING") };
        return Task.FromResult(AdjustRules?.Invoke(rules) ?? rules);
    }

    /// <summary>Symbols whose exchangeInfo status is not TRADING (BREAK, HALT …).</summary>
    public Dictionary<string, string> Statuses { get; } = [];

    /// <summary>Changes the rules every symbol reports (e.g. a smaller LOT_SIZE maximum).</summary>
    public Func<SymbolRules, SymbolRules>? AdjustRules { get; set; }

    /// <summary>Free balances of assets other than the quote; an asset not listed has plenty.</summary>
    public Dictionary<string, decimal> Free { get; } = [];

    /// <summary>What exchangeInfo says of OCO lists for every symbol.</summary>
    public bool OcoAllowed { get; set; } = true;

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) =>
        Task.FromResult(asset == "USDT" ? FreeQuote : Free.GetValueOrDefault(asset, 1_000_000m));

    /// <summary>Runs as an order is placed (e.g. the host starts shutting down mid-POST).</summary>
    public Action? OnPlace { get; set; }

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken)
    {
        Sent.Add((clientOrderId, side, quantity));
        OnPlace?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = Outcome(symbol, side, quantity, clientOrderId);
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

    /// <summary>A LIMIT IOC fills as a MARKET order would when <see cref="Price"/> is within its limit, else expires with nothing.</summary>
    public Task<OrderOutcome> PlaceLimitIocAsync(string symbol, OrderSide side, decimal quantity, decimal price, string clientOrderId, CancellationToken cancellationToken)
    {
        LimitPrices[clientOrderId] = price;
        if (side == OrderSide.Buy ? Price <= price : Price >= price)
        {
            return PlaceMarketOrderAsync(symbol, side, quantity, clientOrderId, cancellationToken);
        }

        Sent.Add((clientOrderId, side, quantity));
        var expired = new OrderOutcome(clientOrderId, OrderProgress.Ended, 0, 0, []);
        Book[clientOrderId] = expired;
        return Task.FromResult(expired);
    }

    /// <summary>The limit price of each LIMIT IOC order sent, by client id.</summary>
    public Dictionary<string, decimal> LimitPrices { get; } = [];

    /// <summary>
    /// An OPOCO: its working order fills as a LIMIT IOC does; filled fully, its pair is open as a list (for what was
    /// received, by the exchange's rule), else the list ends unplaced.
    /// </summary>
    public async Task<OpocoPlacement> PlaceOpocoAsync(OpocoRequest request, CancellationToken cancellationToken)
    {
        ListsSent.Add(request.Protection.ListClientOrderId);
        if (ListFailure is { } failure && !ListFailureStillPlaces)
        {
            ListFailure = null;
            throw failure;
        }

        var working = await PlaceLimitIocAsync(request.Protection.Symbol, OrderSide.Buy, request.Quantity, request.Price, request.WorkingClientOrderId, cancellationToken);
        var id = Place(request.Protection);
        if (working.ExecutedQuantity < request.Quantity)
        {
            OpenLists.Remove(request.Protection.ListClientOrderId);
        }

        var outcome = working with { OrderListId = id };
        Book[request.WorkingClientOrderId] = outcome;
        if (ListFailure is { } placedAnyway)
        {
            ListFailure = null;
            throw placedAnyway;
        }

        return new OpocoPlacement(id, outcome);
    }

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(Book.TryGetValue(clientOrderId, out var outcome) ? outcome : null);

    /// <summary>Fills <see cref="FillFraction"/> of the order at <see cref="Price"/> in one fill, with the commission where the account pays it.</summary>
    private OrderOutcome Outcome(string symbol, OrderSide side, decimal quantity, string clientOrderId)
    {
        var executed = decimal.Round(quantity * FillFraction, 3, MidpointRounding.ToZero);
        if (executed == 0)
        {
            return new OrderOutcome(clientOrderId, OrderProgress.Ended, 0, 0, []);
        }

        var quote = executed * Price;
        var fill = FeeAsset is { } asset
            ? new Fill(Price, executed, decimal.Round(quote * 0.00075m / FeeAssetPrice, 8, MidpointRounding.ToPositiveInfinity), asset)
            : side == OrderSide.Buy
                ? new Fill(Price, executed, executed * Commission, symbol[..^4])
                : new Fill(Price, executed, quote * Commission, "USDT");
        return new OrderOutcome(clientOrderId, OrderProgress.Filled, executed, quote, [fill]);
    }

    public Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken) => Task.FromResult(0);
}
