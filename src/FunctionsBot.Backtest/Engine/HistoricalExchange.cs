using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// The exchange as it was: a candle history on the virtual clock, the account's balances, orders and OCO lists, filled
/// by <see cref="FillModel"/>. The cycle runs at each candle's open; what it sends fills at that open (the candle after its
/// signal); then its OCO legs meet the candle's path (open, then high or low first by the candle's direction, then close).
/// It implements the same ports as the Binance adapter, so the cycle cannot tell it from an exchange.
/// </summary>
internal sealed class HistoricalExchange : IExchange, IProtectiveOrders
{
    private readonly Dictionary<string, Market> _markets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderList> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _locked = new(StringComparer.Ordinal);
    private readonly FillModel _fills;
    private readonly string _quote;
    private long _nextListId = 1;
    private long _prunedAt;

    /// <summary>How long an ended order or list stays findable: the bot settles them within a cycle; a year of them would not fit in memory.</summary>
    private const long Retention = 86_400_000;

    public HistoricalExchange(FillModel fills, string quoteAsset, IReadOnlyDictionary<string, decimal> balances)
    {
        (_fills, _quote) = (fills, quoteAsset);
        foreach (var (asset, amount) in balances)
        {
            _balances[asset] = amount;
        }
    }

    /// <summary>Every fill, as the exchange's trade list would show it: the backtest's independent record.</summary>
    public List<ExchangeFill> Trades { get; } = [];

    public TimeSpan OrderCallBound => TimeSpan.Zero;

    public long Now { get; private set; }

    public IReadOnlyDictionary<string, decimal> Balances => _balances;

    /// <summary>Adds a symbol with the rules its orders are shaped to and how many closed candles a cycle may read.</summary>
    public void List(string symbol, SymbolRules rules, int window) => _markets[symbol] = new Market(rules, new CandleWindow(window));

    /// <summary>A candle opens: the one before it (if any) has closed; its open is the price until it closes.</summary>
    public void Open(string symbol, Candle candle)
    {
        var market = _markets[symbol];
        if (market.Current is { } closed)
        {
            market.Closed.Add(closed);
        }

        market.Current = candle;
        market.VolumeUsed = 0;
        Now = candle.OpenTime;
        if (Now - _prunedAt >= Retention)
        {
            Prune();
        }
    }

    /// <summary>Forgets orders and lists that ended more than <see cref="Retention"/> ago, so memory stays flat over years.</summary>
    private void Prune()
    {
        _prunedAt = Now;
        var before = Now - Retention;
        foreach (var (id, order) in _orders.Where(o => !o.Value.Open && o.Value.EndedAt < before).ToList())
        {
            _orders.Remove(id);
        }

        foreach (var (id, _) in _lists.Where(l => !l.Value.Executing && l.Value.EndedAt < before && l.Value.TakeProfit is not { Open: true } && l.Value.Stop is not { Open: true }).ToList())
        {
            _lists.Remove(id);
        }
    }

    /// <summary>The last price of a symbol: the open of its current candle (its close once the history ended).</summary>
    public decimal PriceOf(string symbol) => _markets.TryGetValue(symbol, out var m) && m.Current is { } c ? c.Open : 0m;

    /// <summary>The close of the current candle, for marking at the end of a step.</summary>
    public decimal CloseOf(string symbol) => _markets.TryGetValue(symbol, out var m) && m.Current is { } c ? c.Close : 0m;

    /// <summary>
    /// The current candle's path: OCO legs and stops resting on the book meet it. <paramref name="openingOnly"/>: just its
    /// open, before the cycle (a candle that gaps fills what rests at its open before the bot looks); otherwise all of it,
    /// after the cycle: open, then the low or the high first by the candle's direction, then the close.
    /// </summary>
    public void RunPath(string symbol, bool openingOnly = false)
    {
        var market = _markets[symbol];
        if (market.Current is not { } bar || market.Resting.Count == 0)
        {
            return;
        }

        Span<decimal> path = openingOnly ? [bar.Open] : [bar.Open, bar.Close >= bar.Open ? bar.Low : bar.High, bar.Close >= bar.Open ? bar.High : bar.Low, bar.Close];
        foreach (var order in market.Resting.ToList())
        {
            var from = path[0];
            for (var i = 0; i < path.Length && order.Open; i++)
            {
                var (low, high) = (Math.Min(from, path[i]), Math.Max(from, path[i]));
                Step(market, order, path[i], i == 0, low, high);
                from = path[i];
            }
        }
    }

    public Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string symbol, string interval, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Candle>>(Get(symbol).Closed.TakeLast(count).ToList());

    public Task<IReadOnlyDictionary<string, MarketRead>> ReadMarketsAsync(IReadOnlyList<string> symbols, string interval, int closedCount, CancellationToken cancellationToken)
    {
        var reads = new Dictionary<string, MarketRead>(symbols.Count, StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            if (_markets.TryGetValue(symbol, out var market) && market.Current is { } current)
            {
                reads[symbol] = new MarketRead(market.Closed, current.Open);
            }
            else
            {
                reads[symbol] = MarketRead.Failed(Unknown(symbol));
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, MarketRead>>(reads);
    }

    /// <summary>The last price; the price of BNB is 0 when no BNB history was given (no fee is then paid in BNB).</summary>
    public Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        symbol == "BNB" + _quote && !_markets.ContainsKey(symbol) ? Task.FromResult(0m) : Answer(() => Get(symbol).Current?.Open ?? throw Unknown(symbol));

    public Task<decimal> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken) => GetPriceAsync(symbol, cancellationToken);

    public Task<decimal> GetBestAskAsync(string symbol, CancellationToken cancellationToken) => GetPriceAsync(symbol, cancellationToken);

    public Task<SymbolRules> GetRulesAsync(string symbol, CancellationToken cancellationToken) => Answer(() => Get(symbol).Rules);

    public Task<decimal> GetFreeBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(Free(asset));

    public Task<OrderOutcome> PlaceMarketOrderAsync(string symbol, OrderSide side, decimal quantity, string clientOrderId, CancellationToken cancellationToken) =>
        Answer(() => Take(symbol, side, quantity, null, clientOrderId, null));

    public Task<OrderOutcome> PlaceLimitIocAsync(string symbol, OrderSide side, decimal quantity, decimal price, string clientOrderId, CancellationToken cancellationToken) =>
        Answer(() => Take(symbol, side, quantity, price, clientOrderId, null));

    public Task<OrderOutcome?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.TryGetValue(clientOrderId, out var order) && order.Symbol == symbol ? order.Outcome() : null);

    public Task<int> CancelOpenOrdersAsync(string symbol, string clientIdPrefix, CancellationToken cancellationToken)
    {
        var open = _orders.Values.Where(o => o.Symbol == symbol && o.Open && o.ClientOrderId.StartsWith(clientIdPrefix, StringComparison.Ordinal)).ToList();
        foreach (var order in open)
        {
            Cancel(order);
        }

        return Task.FromResult(open.Count);
    }

    public Task<long> PlaceOcoAsync(OcoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answer(() => PlaceList(request, request.Quantity));
    }

    public Task<OpocoPlacement> PlaceOpocoAsync(OpocoRequest request, CancellationToken cancellationToken) => Answer(() => PlaceOpoco(request));

    private OpocoPlacement PlaceOpoco(OpocoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_lists.ContainsKey(request.Protection.ListClientOrderId))
        {
            throw Refused($"Duplicate order list {request.Protection.ListClientOrderId}.");
        }

        var listId = _nextListId++;
        var working = Take(request.Protection.Symbol, OrderSide.Buy, request.Quantity, request.Price, request.WorkingClientOrderId, listId);
        var market = Get(request.Protection.Symbol);
        if (working.ExecutedQuantity == request.Quantity)
        {
            // The pending OCO sells what the working order received: commission in the base deducted, down to LOT_SIZE.
            var received = working.ExecutedQuantity - working.Fills.Where(f => f.CommissionAsset == market.Rules.BaseAsset).Sum(f => f.Commission);
            var step = market.Rules.Filter<LotSizeFilter>()?.StepSize ?? 0m;
            PlaceList(request.Protection with { Quantity = DecimalSteps.Down(received, step) }, null, listId);
        }
        else
        {
            // An OPOCO whose working order did not fill whole ends: its pending legs are never placed.
            _lists[request.Protection.ListClientOrderId] = new OrderList(listId, request.Protection.ListClientOrderId, request.Protection.Symbol, null, null) { Executing = false, EndedAt = Now };
        }

        return new OpocoPlacement(listId, working with { OrderListId = listId });
    }

    public Task<OrderListState?> FindListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(_lists.TryGetValue(listClientOrderId, out var list) && list.Symbol == symbol ? new OrderListState(list.Id, list.Executing) : null);

    /// <summary>The lists still contingent: those whose legs rest on a book (every list ever placed stays findable by <see cref="FindListAsync"/>).</summary>
    public Task<IReadOnlyDictionary<string, long>> GetOpenListsAsync(CancellationToken cancellationToken)
    {
        var open = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var market in _markets.Values)
        {
            foreach (var order in market.Resting)
            {
                if (order.List is { Executing: true } list)
                {
                    open[list.ClientId] = list.Id;
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, long>>(open);
    }

    public Task<bool> CancelListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken)
    {
        if (!_lists.TryGetValue(listClientOrderId, out var list) || list.Symbol != symbol || !list.Executing)
        {
            return Task.FromResult(false);
        }

        Cancel(list.TakeProfit!);
        return Task.FromResult(true);
    }

    public Task<bool> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        if (!_orders.TryGetValue(clientOrderId, out var order) || order.Symbol != symbol || !order.Open)
        {
            return Task.FromResult(false);
        }

        Cancel(order);
        return Task.FromResult(true);
    }

    private long PlaceList(OcoRequest request, decimal? checkedQuantity, long? id = null)
    {
        var market = Get(request.Symbol);
        if (checkedQuantity is not null && _lists.ContainsKey(request.ListClientOrderId))
        {
            throw Refused($"Duplicate order list {request.ListClientOrderId}.");
        }

        var price = market.Current?.Open ?? throw Unknown(request.Symbol);
        var asset = market.Rules.BaseAsset;
        if (request.Quantity <= 0 || request.Quantity > Free(asset))
        {
            throw Refused($"Account has insufficient balance for requested action ({request.Quantity} {asset}, {Free(asset)} free).");
        }

        if (request.TakeProfitPrice <= price || request.StopPrice >= price)
        {
            throw Refused($"The relationship of the prices for the orders is not correct (take-profit {request.TakeProfitPrice}, stop {request.StopPrice}, price {price}).");
        }

        var listId = id ?? _nextListId++;
        var list = new OrderList(listId, request.ListClientOrderId, request.Symbol, null, null);
        list.TakeProfit = Add(new Order(request.Symbol, request.TakeProfitClientOrderId, OrderSide.Sell, request.Quantity, request.TakeProfitPrice, null, list));
        list.Stop = Add(new Order(request.Symbol, request.StopClientOrderId, OrderSide.Sell, request.Quantity, request.StopLimitPrice, request.StopPrice, list));
        _lists[request.ListClientOrderId] = list;
        _locked[asset] = _locked.GetValueOrDefault(asset) + request.Quantity;
        market.Resting.Add(list.TakeProfit);
        market.Resting.Add(list.Stop);
        return listId;
    }

    /// <summary>A MARKET order (no <paramref name="limit"/>) or a LIMIT IOC: at the open plus slippage, within the candle's volume share.</summary>
    private OrderOutcome Take(string symbol, OrderSide side, decimal quantity, decimal? limit, string clientOrderId, long? listId)
    {
        var market = Get(symbol);
        if (_orders.ContainsKey(clientOrderId))
        {
            throw Refused($"Duplicate order sent ({clientOrderId}).");
        }

        var bar = market.Current ?? throw Unknown(symbol);
        var slip = _fills.SlippageBps / 10_000m;
        var price = decimal.Round(side == OrderSide.Buy ? bar.Open * (1 + slip) : bar.Open * (1 - slip), 8);
        var order = new Order(symbol, clientOrderId, side, quantity, limit, null, null) { Open = false, ListId = listId };
        if (limit is { } worst && (side == OrderSide.Buy ? price > worst : price < worst))
        {
            return Add(order).Outcome();
        }

        var step = market.Rules.Filter<LotSizeFilter>()?.StepSize ?? 0m;
        var room = DecimalSteps.Down(Math.Max(0, (bar.Volume * _fills.MaxVolumeShare) - market.VolumeUsed), step);
        var filled = Math.Min(quantity, room);
        var (rules, cost) = (market.Rules, decimal.Round(filled * price, 8));
        if (side == OrderSide.Buy ? cost > Free(rules.QuoteAsset) : filled > Free(rules.BaseAsset))
        {
            throw Refused("Account has insufficient balance for requested action.");
        }

        if (filled > 0)
        {
            market.VolumeUsed += filled;
            Execute(market, order, filled, price);
        }

        return Add(order).Outcome();
    }

    /// <summary>One point of the candle's path for a resting sell: a take-profit fills at its limit; a stop triggers and sells at its limit or better.</summary>
    private void Step(Market market, Order order, decimal point, bool opening, decimal low, decimal high)
    {
        if (order.StopPrice is { } stop && !order.Triggered)
        {
            if (low > stop)
            {
                return;
            }

            // Triggered: the other leg is canceled; the stop is now a limit sell on the book.
            order.Triggered = true;
            EndList(market, order.List, order);

            var at = opening ? point : stop;
            if (at >= order.Price)
            {
                Fill(market, order, at);
            }

            return;
        }

        if (high >= order.Price!.Value)
        {
            EndList(market, order.List, order);
            Fill(market, order, order.StopPrice is null ? order.Price.Value : Math.Max(order.Price.Value, opening ? point : order.Price.Value));
        }
    }

    private void Fill(Market market, Order order, decimal price)
    {
        var quantity = order.Quantity - order.Executed;
        Release(market, quantity);
        Execute(market, order, quantity, price);
        Close(market, order);
    }

    /// <summary>One leg triggered or filled: the list is done and its other leg canceled (the lock stays with the leg that acts).</summary>
    private void EndList(Market market, OrderList? list, Order acting)
    {
        if (list is null)
        {
            return;
        }

        list.Executing = false;
        foreach (var leg in new[] { list.TakeProfit, list.Stop })
        {
            if (leg is { Open: true } && leg != acting)
            {
                Close(market, leg);
            }
        }
    }

    private void Close(Market market, Order order)
    {
        order.Open = false;
        order.EndedAt = Now;
        market.Resting.Remove(order);
        if (order.List is { } list)
        {
            list.EndedAt = Now;
        }
    }

    private void Release(Market market, decimal quantity)
    {
        _locked[market.Rules.BaseAsset] = _locked.GetValueOrDefault(market.Rules.BaseAsset) - quantity;
    }

    private void Execute(Market market, Order order, decimal quantity, decimal price)
    {
        var rules = market.Rules;
        var quote = decimal.Round(quantity * price, 8);
        var rate = _fills.FeePercent / 100m;
        var (commission, asset) = order.Side == OrderSide.Buy
            ? (decimal.Round(quantity * rate, 8, MidpointRounding.ToPositiveInfinity), rules.BaseAsset)
            : (decimal.Round(quote * rate, 8, MidpointRounding.ToPositiveInfinity), rules.QuoteAsset);
        if (_fills.FeesInBnb && rules.BaseAsset != "BNB" && PriceOf("BNB" + _quote) is > 0 and var bnb)
        {
            var inBnb = decimal.Round(quote * rate * FillModel.BnbDiscount / bnb, 8, MidpointRounding.ToPositiveInfinity);
            if (inBnb <= Free("BNB"))
            {
                (commission, asset) = (inBnb, "BNB");
            }
        }

        var (receivedAsset, paidAsset, received, paid) = order.Side == OrderSide.Buy
            ? (rules.BaseAsset, rules.QuoteAsset, quantity, quote)
            : (rules.QuoteAsset, rules.BaseAsset, quote, quantity);
        _balances[paidAsset] = _balances.GetValueOrDefault(paidAsset) - paid;
        _balances[receivedAsset] = _balances.GetValueOrDefault(receivedAsset) + received;
        _balances[asset] = _balances.GetValueOrDefault(asset) - commission;
        order.Executed += quantity;
        order.Quote += quote;
        order.Fills.Add(new Fill(price, quantity, commission, asset));
        var inQuote = asset == rules.QuoteAsset ? commission : asset == rules.BaseAsset ? commission * price : commission * PriceOf(asset + _quote);
        Trades.Add(new ExchangeFill(DateTimeOffset.FromUnixTimeMilliseconds(Now), order.Symbol, order.Side, price, quantity, quote, commission, asset, order.ClientOrderId)
        {
            CommissionInQuote = decimal.Round(inQuote, 8),
        });
    }

    private void Cancel(Order order)
    {
        var market = Get(order.Symbol);
        if (order.List is { } list)
        {
            list.Executing = false;
            foreach (var leg in new[] { list.TakeProfit, list.Stop })
            {
                if (leg is { Open: true })
                {
                    Close(market, leg);
                }
            }

            // A list locks its quantity once; a leg left after the list ended holds it alone.
            Release(market, order.Quantity - order.Executed);
            return;
        }

        Close(market, order);
    }

    private Order Add(Order order)
    {
        order.EndedAt = order.Open ? long.MaxValue : Now;
        _orders[order.ClientOrderId] = order;
        return order;
    }

    /// <summary>A reply as a task: a refusal is a faulted task, as from an exchange adapter, never a throw from the call itself.</summary>
    private static Task<T> Answer<T>(Func<T> reply)
    {
        try
        {
            return Task.FromResult(reply());
        }
        catch (ExchangeException ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private decimal Free(string asset) => _balances.GetValueOrDefault(asset) - _locked.GetValueOrDefault(asset);

    private Market Get(string symbol) => _markets.TryGetValue(symbol, out var market) ? market : throw Unknown(symbol);

    private static ExchangeException Unknown(string symbol) => new($"Invalid symbol {symbol}: no history for it.", ExecutionStatus.Rejected, ExchangeFailure.Refused);

    private static ExchangeException Refused(string message) => new(message, ExecutionStatus.Rejected, ExchangeFailure.Refused);

    private sealed class Market(SymbolRules rules, CandleWindow closed)
    {
        public SymbolRules Rules { get; } = rules;

        public CandleWindow Closed { get; } = closed;

        public Candle? Current { get; set; }

        public decimal VolumeUsed { get; set; }

        /// <summary>Open resting sell orders (list legs, stops left on the book), oldest first; the path is skipped while there are none.</summary>
        public List<Order> Resting { get; } = [];
    }

    private sealed class OrderList(long id, string clientId, string symbol, Order? takeProfit, Order? stop)
    {
        public long Id { get; } = id;

        public string ClientId { get; } = clientId;

        public string Symbol { get; } = symbol;

        public Order? TakeProfit { get; set; } = takeProfit;

        public Order? Stop { get; set; } = stop;

        public bool Executing { get; set; } = true;

        /// <summary>When its last leg ended (market time); until then, never.</summary>
        public long EndedAt { get; set; } = long.MaxValue;
    }

    private sealed class Order(string symbol, string clientOrderId, OrderSide side, decimal quantity, decimal? price, decimal? stopPrice, OrderList? list)
    {
        public string Symbol { get; } = symbol;

        public string ClientOrderId { get; } = clientOrderId;

        public OrderSide Side { get; } = side;

        public decimal Quantity { get; } = quantity;

        public decimal? Price { get; } = price;

        public decimal? StopPrice { get; } = stopPrice;

        public OrderList? List { get; } = list;

        public long? ListId { get; set; }

        public bool Open { get; set; } = true;

        public bool Triggered { get; set; }

        public long EndedAt { get; set; } = long.MaxValue;

        public decimal Executed { get; set; }

        public decimal Quote { get; set; }

        public List<Fill> Fills { get; } = [];

        public OrderOutcome Outcome() => new(
            ClientOrderId,
            Open ? OrderProgress.Working : Executed > 0 ? OrderProgress.Filled : OrderProgress.Ended,
            Executed,
            Quote,
            Fills.ToList())
        {
            OnBook = StopPrice is null || Triggered,
            OrderListId = ListId ?? List?.Id,
        };
    }
}

/// <summary>One fill of the historical exchange, as a trade list shows it, with its commission valued in the quote asset then.</summary>
public sealed record ExchangeFill(DateTimeOffset Time, string Symbol, OrderSide Side, decimal Price, decimal Quantity, decimal Quote, decimal Commission, string CommissionAsset, string ClientOrderId)
{
    public decimal CommissionInQuote { get; init; }
}
