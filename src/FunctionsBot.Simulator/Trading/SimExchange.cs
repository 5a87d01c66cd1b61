using FunctionsBot.Simulator.Market;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Simulator.Trading;

/// <summary>
/// The simulated account and matching: balances (free and locked), orders and trades. A MARKET order walks the
/// symbol's book level by level (one fill per level) and, when the book runs out, ends EXPIRED with what it got,
/// possibly nothing (Binance's market_orders_faq). A LIMIT order takes what the book offers within its price,
/// rests with its funds locked, and fills in parts, one level's depth at a time, as the path crosses it.
/// Commission is charged per fill in the received asset, or in BNB when the account pays fees with BNB and holds
/// enough (commission_faq). One lock guards all state.
/// </summary>
internal sealed class SimExchange
{
    private const string InsufficientBalance = "Account has insufficient balance for requested action.";

    private readonly Lock _gate = new();
    private readonly SimClock _clock;
    private readonly TimeProvider _time;
    private readonly SimulatorOptions _options;
    private readonly OrderBook _book;
    private readonly SymbolHalts _halts;
    private readonly Dictionary<string, decimal> _free;
    private readonly Dictionary<string, decimal> _locked = new(StringComparer.Ordinal);
    private readonly List<SimOrder> _orders = [];
    private readonly List<SimTrade> _trades = [];
    private readonly List<SimOrderList> _lists = [];
    private long _nextListId = 100;
    private long _nextOrderId = 1000;
    private long _nextTradeId = 5000;
    private DateTimeOffset _matchedUntil;

    public SimExchange(SimClock clock, TimeProvider time, IOptions<SimulatorOptions> options, OrderBook book, SymbolHalts halts)
    {
        _halts = halts;
        _clock = clock;
        _time = time;
        _options = options.Value;
        _book = book;
        PayFeesWithBnb = _options.PayFeesWithBnb;
        _free = new Dictionary<string, decimal>(_options.ParseBalances(), StringComparer.Ordinal);
        _matchedUntil = clock.MarketNow;
    }

    /// <summary>The account's "pay fees with BNB" setting.</summary>
    public bool PayFeesWithBnb { get; set; }

    /// <summary>Every placement attempt that reused the client id of an open order.</summary>
    public int DuplicateAttempts { get; private set; }

    public decimal Price(SymbolSpec symbol) => PricePath.At(symbol, _clock.MarketNow);

    public decimal AveragePrice(SymbolSpec symbol) => PricePath.Average(symbol, _clock.MarketNow, TimeSpan.FromMinutes(SymbolSpec.AvgPriceMins));

    /// <summary>The best bid and ask with their quantities (<c>ticker/bookTicker</c>); an empty side answers price 0 and quantity 0.</summary>
    public ((decimal Price, decimal Quantity) Bid, (decimal Price, decimal Quantity) Ask) BestBidAsk(SymbolSpec symbol)
    {
        lock (_gate)
        {
            var now = _clock.MarketNow;
            var bids = _book.Levels(symbol, "SELL", now);
            var asks = _book.Levels(symbol, "BUY", now);
            return (bids.Count > 0 ? bids[0] : (0m, 0m), asks.Count > 0 ? asks[0] : (0m, 0m));
        }
    }

    public SimOrder Place(PlaceOrderRequest request)
    {
        var symbol = SymbolCatalog.Find(request.Symbol) ?? throw SimError.BadRequest(-1121, "Invalid symbol.");
        lock (_gate)
        {
            MatchLocked();
            EnsureTrading(symbol);
            if (_orders.Any(o => o.IsOpen && o.ClientOrderId == request.ClientOrderId))
            {
                DuplicateAttempts++;
                throw SimError.BadRequest(-2010, "Duplicate order sent.");
            }

            var order = PlaceLocked(symbol, request, orderListId: -1);
            _orders.Add(order);
            return order;
        }
    }

    /// <summary>
    /// Checks and executes one order: MARKET walks the book and expires what it cannot fill; LIMIT takes what the book
    /// offers within its price, then GTC rests (funds locked), IOC expires the rest, FOK expires whole unless it fills whole.
    /// </summary>
    private SimOrder PlaceLocked(SymbolSpec symbol, PlaceOrderRequest request, long orderListId)
    {
        var price = Price(symbol);
        var average = AveragePrice(symbol);
        var isMarket = request.Type == "MARKET";
        var timeInForce = isMarket ? "GTC" : request.TimeInForce ?? "GTC";
        if (timeInForce is not ("GTC" or "IOC" or "FOK"))
        {
            throw SimError.BadRequest(-1115, "Invalid timeInForce.");
        }

        var quantity = request.Quantity
            ?? (request.QuoteOrderQty is { } quote ? Math.Floor(quote / price / symbol.StepSize) * symbol.StepSize : 0m);
        var openOnSymbol = _orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol);
        if (FilterChecks.FirstFailure(symbol, quantity, isMarket ? null : request.Price, average, openOnSymbol) is { } failure)
        {
            throw SimError.BadRequest(-1013, $"Filter failure: {failure}");
        }

        var now = _clock.ServerNowMs;
        var order = new SimOrder
        {
            OrderId = ++_nextOrderId,
            Symbol = symbol.Symbol,
            ClientOrderId = request.ClientOrderId,
            Side = request.Side,
            Type = request.Type,
            TimeInForce = timeInForce,
            Price = isMarket ? 0m : request.Price!.Value,
            OrigQty = quantity,
            OrigQuoteOrderQty = request.QuoteOrderQty ?? 0m,
            Time = now,
            UpdateTime = now,
            OrderListId = orderListId,
            HiddenUntil = _time.GetUtcNow().AddMilliseconds(_options.OrderNotFoundMs),
        };

        var takes = _book.Levels(symbol, order.Side, _clock.MarketNow)
            .Where(level => isMarket || (order.Side == "BUY" ? level.Price <= order.Price : level.Price >= order.Price))
            .ToList();
        var fills = Walk(takes, quantity);
        if (timeInForce == "FOK" && fills.Sum(f => f.Quantity) < quantity)
        {
            fills.Clear();
        }

        var lockPrice = isMarket ? 0m : order.Price;
        if (order.Side == "BUY")
        {
            // Funds for what fills now, and for a LIMIT order the rest at its price.
            var needed = fills.Sum(f => f.Price * f.Quantity) + ((quantity - fills.Sum(f => f.Quantity)) * lockPrice);
            EnsureFunds(symbol, order.Side, needed);
        }
        else
        {
            EnsureFunds(symbol, order.Side, quantity);
        }

        foreach (var (fillPrice, fillQuantity) in fills)
        {
            Fill(symbol, order, fillPrice, fillQuantity, isMaker: false, fromLocked: false);
        }

        var rest = order.OrigQty - order.ExecutedQty;
        if (isMarket || timeInForce != "GTC")
        {
            // A MARKET order that runs out of liquidity, and an IOC / FOK LIMIT, is filled as far as it goes and the rest expires.
            order.Status = rest == 0 ? "FILLED" : "EXPIRED";
        }
        else
        {
            order.Status = rest == 0 ? "FILLED" : order.ExecutedQty > 0 ? "PARTIALLY_FILLED" : "NEW";
            if (rest > 0)
            {
                var (asset, amount) = order.Side == "BUY" ? (symbol.QuoteAsset, rest * order.Price) : (symbol.BaseAsset, rest);
                _free[asset] -= amount;
                _locked[asset] = _locked.GetValueOrDefault(asset) + amount;
            }
        }

        return order;
    }

    public SimOrder Find(string symbol, long? orderId, string? clientOrderId, bool honourHiding)
    {
        lock (_gate)
        {
            MatchLocked();
            var order = _orders.LastOrDefault(o => o.Symbol == symbol
                && (orderId is null || o.OrderId == orderId)
                && (clientOrderId is null || o.ClientOrderId == clientOrderId));
            if (order is null || (honourHiding && _time.GetUtcNow() < order.HiddenUntil))
            {
                throw SimError.BadRequest(-2013, "Order does not exist.");
            }

            return order;
        }
    }

    public SimOrder Cancel(string symbol, long? orderId, string? clientOrderId)
    {
        lock (_gate)
        {
            MatchLocked();
            var order = _orders.LastOrDefault(o => o.Symbol == symbol
                && (orderId is null || o.OrderId == orderId)
                && (clientOrderId is null || o.ClientOrderId == clientOrderId));
            if (order is null || !order.IsOpen)
            {
                throw SimError.BadRequest(-2011, "Unknown order sent.");
            }

            if (order.OrderListId >= 0)
            {
                // Canceling one leg of an order list cancels the entire list.
                EndList(_lists.Single(l => l.OrderListId == order.OrderListId), "CANCELED");
                return order;
            }

            var spec = SymbolCatalog.Find(symbol)!;
            var remaining = order.OrigQty - order.ExecutedQty;
            var (asset, amount) = order.Side == "BUY" ? (spec.QuoteAsset, remaining * order.Price) : (spec.BaseAsset, remaining);
            _locked[asset] -= amount;
            _free[asset] = _free.GetValueOrDefault(asset) + amount;
            order.Status = "CANCELED";
            order.UpdateTime = _clock.ServerNowMs;
            return order;
        }
    }

    public IReadOnlyList<SimOrder> OpenOrders(string? symbol)
    {
        lock (_gate)
        {
            MatchLocked();
            return _orders.Where(o => o.IsOpen && (symbol is null || o.Symbol == symbol)).ToList();
        }
    }

    public IReadOnlyList<SimOrder> AllOrders()
    {
        lock (_gate)
        {
            MatchLocked();
            return _orders.ToList();
        }
    }

    /// <summary>
    /// A symbol's orders as <c>allOrders</c> selects them: from <paramref name="fromOrderId"/> on, or within the time
    /// window, else the most recent; oldest first, at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<SimOrder> Orders(string symbol, long? fromOrderId, long? startTime, long? endTime, int limit)
    {
        lock (_gate)
        {
            MatchLocked();
            var orders = _orders.Where(o => o.Symbol == symbol);
            return Select(orders, o => o.OrderId, o => o.Time, fromOrderId, startTime, endTime, limit);
        }
    }

    /// <summary>A symbol's trades as <c>myTrades</c> selects them (by order, from a trade id, within a window, or the most recent).</summary>
    public IReadOnlyList<SimTrade> Trades(string symbol, long? orderId, long? fromId, long? startTime, long? endTime, int limit)
    {
        lock (_gate)
        {
            MatchLocked();
            var trades = _trades.Where(t => t.Symbol == symbol && (orderId is null || t.OrderId == orderId));
            return Select(trades, t => t.Id, t => t.Time, fromId, startTime, endTime, limit);
        }
    }

    /// <summary>
    /// A SELL OCO (rest-api "New Order list - OCO"): a LIMIT_MAKER above the last price and a STOP_LOSS_LIMIT whose stop
    /// is below it, sharing one locked quantity. Checked as Binance documents: order types, the prices' relationship,
    /// every filter on each leg (two orders toward MAX_NUM_ORDERS, the stop toward MAX_NUM_ALGO_ORDERS), the symbol's
    /// ocoAllowed, balances, a maker that would take, duplicate ids.
    /// </summary>
    public SimOrderList PlaceOco(PlaceOcoRequest request)
    {
        var symbol = SymbolCatalog.Find(request.Symbol) ?? throw SimError.BadRequest(-1121, "Invalid symbol.");
        if (!_options.AllowsOco(symbol.Symbol))
        {
            throw SimError.BadRequest(-2010, "OCO orders are not supported for this symbol");
        }

        if (request.Side != "SELL")
        {
            throw SimError.BadRequest(-1106, "This simulator places SELL OCO lists only (the protective exit of a long position).");
        }

        if (request.AboveType != "LIMIT_MAKER" || request.BelowType != "STOP_LOSS_LIMIT")
        {
            throw SimError.BadRequest(-1158, "Order type not supported in OCO.");
        }

        if (request.AbovePrice is not { } takeProfit || request.BelowPrice is not { } limit || request.BelowStopPrice is not { } stop || request.BelowTimeInForce is null)
        {
            throw SimError.BadRequest(-1102, "Mandatory parameter 'abovePrice', 'belowPrice', 'belowStopPrice' or 'belowTimeInForce' was not sent, was empty/null, or malformed.");
        }

        lock (_gate)
        {
            MatchLocked();
            EnsureTrading(symbol);
            EnsureNewList(symbol, request.ListClientOrderId, [request.AboveClientOrderId, request.BelowClientOrderId], takeProfit, stop);
            var average = AveragePrice(symbol);
            var open = _orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol);
            var failure = FilterChecks.FirstFailure(symbol, request.Quantity, takeProfit, average, open + 1)
                ?? FilterChecks.FirstFailure(symbol, request.Quantity, limit, average, open + 1)
                ?? (symbol.TickSize != 0 && stop % symbol.TickSize != 0 ? "PRICE_FILTER" : null)
                ?? (_orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol && o.Type == "STOP_LOSS_LIMIT") >= SymbolSpec.MaxNumAlgoOrders ? "MAX_NUM_ALGO_ORDERS" : null);
            if (failure is not null)
            {
                throw SimError.BadRequest(-1013, $"Filter failure: {failure}");
            }

            if (_book.Levels(symbol, "SELL", _clock.MarketNow).Any(level => level.Price >= takeProfit))
            {
                throw SimError.BadRequest(-2010, "Order would immediately match and take.");
            }

            EnsureFunds(symbol, "SELL", request.Quantity);
            var now = _clock.ServerNowMs;
            var list = new SimOrderList { OrderListId = ++_nextListId, ListClientOrderId = request.ListClientOrderId, Symbol = symbol.Symbol, TransactionTime = now, Quantity = request.Quantity };
            SimOrder Leg(string type, decimal price, decimal stopPrice, string? clientId, string timeInForce) => new()
            {
                OrderId = ++_nextOrderId, Symbol = symbol.Symbol, ClientOrderId = clientId ?? $"sim{Guid.NewGuid():N}"[..22], Side = "SELL", Type = type, TimeInForce = timeInForce,
                Price = price, StopPrice = stopPrice, OrigQty = request.Quantity, Time = now, UpdateTime = now, OrderListId = list.OrderListId,
                HiddenUntil = _time.GetUtcNow().AddMilliseconds(_options.OrderNotFoundMs),
            };

            // Binance lists the stop leg first.
            list.Legs.Add(Leg("STOP_LOSS_LIMIT", limit, stop, request.BelowClientOrderId, request.BelowTimeInForce));
            list.Legs.Add(Leg("LIMIT_MAKER", takeProfit, 0m, request.AboveClientOrderId, "GTC"));
            _free[symbol.BaseAsset] -= request.Quantity;
            _locked[symbol.BaseAsset] = _locked.GetValueOrDefault(symbol.BaseAsset) + request.Quantity;
            _orders.AddRange(list.Legs);
            _lists.Add(list);
            return list;
        }
    }

    /// <summary>
    /// An OPOCO (rest-api "New Order list - OPOCO", faqs/opo.md): a BUY LIMIT working order and a SELL pair (LIMIT_MAKER
    /// above, STOP_LOSS_LIMIT below) <c>PENDING_NEW</c> without a quantity. Only BUY working with SELL pending is accepted,
    /// on a symbol with <c>opoAllowed</c> and <c>ocoAllowed</c>. The pair is placed when the working order has filled
    /// fully, for what it received net of commission, down to LOT_SIZE, and locked; a working order that ends with less
    /// (an IOC that expired in part) ends the list with the pair never placed.
    /// </summary>
    public SimOrderList PlaceOpoco(PlaceOpocoRequest request)
    {
        var symbol = SymbolCatalog.Find(request.Symbol) ?? throw SimError.BadRequest(-1121, "Invalid symbol.");
        if (!_options.AllowsOpo(symbol.Symbol))
        {
            throw SimError.BadRequest(-2010, "OPO orders are not supported for this symbol.");
        }

        if (request.WorkingSide != "BUY" || request.PendingSide != "SELL")
        {
            throw SimError.BadRequest(-2010, "OPO orders are only supported with a BUY working order and SELL pending orders.");
        }

        if (request.WorkingType != "LIMIT" || request.PendingAboveType != "LIMIT_MAKER" || request.PendingBelowType != "STOP_LOSS_LIMIT")
        {
            throw SimError.BadRequest(-1158, "Order type not supported in OPOCO (this simulator: LIMIT working, LIMIT_MAKER above, STOP_LOSS_LIMIT below).");
        }

        if (request.PendingAbovePrice is not { } takeProfit || request.PendingBelowPrice is not { } limit || request.PendingBelowStopPrice is not { } stop
            || request.PendingBelowTimeInForce is null)
        {
            throw SimError.BadRequest(-1102, "Mandatory parameter 'pendingAbovePrice', 'pendingBelowPrice', 'pendingBelowStopPrice' or 'pendingBelowTimeInForce' was not sent, was empty/null, or malformed.");
        }

        lock (_gate)
        {
            MatchLocked();
            EnsureTrading(symbol);
            EnsureNewList(symbol, request.ListClientOrderId, [request.WorkingClientOrderId, request.PendingAboveClientOrderId, request.PendingBelowClientOrderId], takeProfit, stop);
            var open = _orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol);
            var tickFailure = new[] { takeProfit, limit, stop }.Any(p => symbol.TickSize != 0 && p % symbol.TickSize != 0) ? "PRICE_FILTER" : null;
            var failure = tickFailure
                ?? (open + 3 > symbol.MaxNumOrders ? "MAX_NUM_ORDERS" : null)
                ?? (_orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol && o.Type == "STOP_LOSS_LIMIT") >= SymbolSpec.MaxNumAlgoOrders ? "MAX_NUM_ALGO_ORDERS" : null);
            if (failure is not null)
            {
                throw SimError.BadRequest(-1013, $"Filter failure: {failure}");
            }

            var list = new SimOrderList
            {
                OrderListId = ++_nextListId, ListClientOrderId = request.ListClientOrderId, Symbol = symbol.Symbol, TransactionTime = _clock.ServerNowMs, Quantity = 0, ContingencyType = "OTO",
            };
            var working = PlaceLocked(
                symbol,
                new PlaceOrderRequest(symbol.Symbol, "BUY", "LIMIT", request.WorkingQuantity, null, request.WorkingPrice, request.WorkingTimeInForce, request.WorkingClientOrderId),
                list.OrderListId);
            var now = _clock.ServerNowMs;
            SimOrder Pending(string type, decimal price, decimal stopPrice, string clientId, string timeInForce) => new()
            {
                OrderId = ++_nextOrderId, Symbol = symbol.Symbol, ClientOrderId = clientId, Side = "SELL", Type = type, TimeInForce = timeInForce,
                Price = price, StopPrice = stopPrice, OrigQty = 0, Status = "PENDING_NEW", Time = now, UpdateTime = now, OrderListId = list.OrderListId,
                HiddenUntil = working.HiddenUntil,
            };

            list.Legs.Add(working);
            list.Legs.Add(Pending("STOP_LOSS_LIMIT", limit, stop, request.PendingBelowClientOrderId, request.PendingBelowTimeInForce));
            list.Legs.Add(Pending("LIMIT_MAKER", takeProfit, 0m, request.PendingAboveClientOrderId, "GTC"));
            _orders.AddRange(list.Legs);
            _lists.Add(list);
            if (working.Status == "FILLED")
            {
                PlacePending(list);
            }
            else if (!working.IsOpen)
            {
                EndList(list, "EXPIRED");
            }

            return list;
        }
    }

    /// <summary>
    /// The working order of an OPOCO filled fully: its pair works from now for the amount received, commission
    /// deducted, down to LOT_SIZE, locked for it. A pair whose quantity fails the filters, or whose LIMIT_MAKER would
    /// take at once, expires unplaced and the amount stays free.
    /// </summary>
    private void PlacePending(SimOrderList list)
    {
        var spec = SymbolCatalog.Find(list.Symbol)!;
        var working = list.Working!;
        var received = working.ExecutedQty - working.Fills.Where(f => f.CommissionAsset == spec.BaseAsset).Sum(f => f.Commission);
        var quantity = spec.StepSize == 0 ? received : Math.Floor(received / spec.StepSize) * spec.StepSize;
        var average = AveragePrice(spec);
        var open = _orders.Count(o => o.IsOpen && o.Symbol == spec.Symbol);
        var pair = list.Sells.ToList();
        var fails = quantity <= 0
            || pair.Any(l => FilterChecks.FirstFailure(spec, quantity, l.Price, average, open + 1) is not null)
            || _book.Levels(spec, "SELL", _clock.MarketNow).Any(level => level.Price >= pair.Single(l => l.Type == "LIMIT_MAKER").Price);
        if (fails)
        {
            EndList(list, "EXPIRED");
            return;
        }

        // The matching engine places them in the event that filled the working order: at the time of its last fill.
        foreach (var leg in pair)
        {
            leg.OrigQty = quantity;
            leg.Status = "NEW";
            leg.UpdateTime = working.UpdateTime;
            leg.WorkingSince = working.UpdateTime;
        }

        list.Quantity = quantity;
        _free[spec.BaseAsset] -= quantity;
        _locked[spec.BaseAsset] = _locked.GetValueOrDefault(spec.BaseAsset) + quantity;
    }

    /// <summary>
    /// A new list's checks before its orders': no open list with its id nor open order with one of its orders' ids
    /// (duplicate), a SELL pair priced take-profit &gt; last price &gt; stop, and room under MAX_NUM_ORDER_LISTS.
    /// </summary>
    private void EnsureNewList(SymbolSpec symbol, string listClientOrderId, IReadOnlyList<string?> orderIds, decimal takeProfit, decimal stop)
    {
        if (_lists.Any(l => l.IsOpen && l.ListClientOrderId == listClientOrderId)
            || _orders.Any(o => (o.IsOpen || o.Status == "PENDING_NEW") && orderIds.Contains(o.ClientOrderId)))
        {
            DuplicateAttempts++;
            throw SimError.BadRequest(-2010, "Duplicate order sent.");
        }

        var last = Price(symbol);
        if (!(takeProfit > last && last > stop))
        {
            throw SimError.BadRequest(-2010, "The relationship of the prices for the orders is not correct.");
        }

        if (_lists.Count(l => l.Symbol == symbol.Symbol && l.IsOpen) >= SymbolSpec.MaxNumOrderLists)
        {
            throw SimError.BadRequest(-1013, "Filter failure: MAX_NUM_ORDER_LISTS");
        }
    }

    /// <summary>An order list by id or list client id (the newest with that id).</summary>
    public SimOrderList FindList(long? listId, string? listClientOrderId, bool honourHiding)
    {
        lock (_gate)
        {
            MatchLocked();
            var list = _lists.LastOrDefault(l => (listId is null || l.OrderListId == listId) && (listClientOrderId is null || l.ListClientOrderId == listClientOrderId));
            if (list is null || (honourHiding && _time.GetUtcNow() < list.Legs[0].HiddenUntil))
            {
                throw SimError.BadRequest(-2013, "Order list does not exist.");
            }

            return list;
        }
    }

    /// <summary>Cancels a list that is still contingent (both legs); once a leg triggered or traded it cannot be canceled (-2011).</summary>
    public SimOrderList CancelList(string symbol, long? listId, string? listClientOrderId)
    {
        lock (_gate)
        {
            MatchLocked();
            var list = _lists.LastOrDefault(l => l.Symbol == symbol && (listId is null || l.OrderListId == listId) && (listClientOrderId is null || l.ListClientOrderId == listClientOrderId));
            if (list is null || !list.IsOpen)
            {
                throw SimError.BadRequest(-2011, "Unknown order sent.");
            }

            EndList(list, "CANCELED");
            return list;
        }
    }

    public IReadOnlyList<SimOrderList> OpenLists()
    {
        lock (_gate)
        {
            MatchLocked();
            return _lists.Where(l => l.IsOpen).ToList();
        }
    }

    /// <summary>Every trade of the account, all symbols, oldest first.</summary>
    public IReadOnlyList<SimTrade> AllTrades()
    {
        lock (_gate)
        {
            MatchLocked();
            return _trades.ToList();
        }
    }

    /// <summary>A deposit (positive) or withdrawal (negative) of an asset, as a person would make outside the bot.</summary>
    public decimal Transfer(string asset, decimal amount)
    {
        lock (_gate)
        {
            var free = _free.GetValueOrDefault(asset) + amount;
            if (free < 0)
            {
                throw SimError.BadRequest(-2010, InsufficientBalance);
            }

            _free[asset] = free;
            return free;
        }
    }

    public IReadOnlyList<(string Asset, decimal Free, decimal Locked)> Balances()
    {
        lock (_gate)
        {
            MatchLocked();
            return _free.Keys.Union(_locked.Keys).Order(StringComparer.Ordinal)
                .Select(a => (a, _free.GetValueOrDefault(a), _locked.GetValueOrDefault(a))).ToList();
        }
    }

    private static List<T> Select<T>(IEnumerable<T> rows, Func<T, long> id, Func<T, long> time, long? fromId, long? startTime, long? endTime, int limit)
    {
        if (fromId is { } first)
        {
            return rows.Where(r => id(r) >= first).OrderBy(id).Take(limit).ToList();
        }

        if (startTime is null && endTime is null)
        {
            return rows.OrderBy(id).TakeLast(limit).ToList();
        }

        // With a start time the window runs forward from it; with only an end time, back from it.
        var inWindow = rows.Where(r => time(r) >= (startTime ?? long.MinValue) && time(r) <= (endTime ?? long.MaxValue)).OrderBy(id);
        return startTime is null ? inWindow.TakeLast(limit).ToList() : inWindow.Take(limit).ToList();
    }

    /// <summary>Ends every open leg of the list but <paramref name="except"/> with <paramref name="status"/>, and unlocks what no leg sold once none is open.</summary>
    private void EndList(SimOrderList list, string status, SimOrder? except = null)
    {
        foreach (var leg in list.Legs.Where(l => l != except && (l.IsOpen || l.Status == "PENDING_NEW")))
        {
            if (leg == list.Working)
            {
                // A resting working order's funds return to free.
                var spec = SymbolCatalog.Find(list.Symbol)!;
                var locked = (leg.OrigQty - leg.ExecutedQty) * leg.Price;
                _locked[spec.QuoteAsset] = _locked.GetValueOrDefault(spec.QuoteAsset) - locked;
                _free[spec.QuoteAsset] = _free.GetValueOrDefault(spec.QuoteAsset) + locked;
            }

            leg.Status = status;
            leg.UpdateTime = _clock.ServerNowMs;
        }

        Unlock(list);
    }

    /// <summary>One SELL leg filled or triggered: the other SELL leg expires (one cancels the other).</summary>
    private void ExpireSiblings(SimOrder leg)
    {
        var list = _lists.Single(l => l.OrderListId == leg.OrderListId);
        if (leg == list.Working)
        {
            // The working order of an OPOCO traded: its pending pair is placed once it has filled fully.
            if (leg.Status == "FILLED")
            {
                PlacePending(list);
            }

            return;
        }

        EndList(list, "EXPIRED", except: leg);
    }

    /// <summary>Once no leg of a list is open, the part of its locked quantity that nothing sold returns to free.</summary>
    private void Unlock(SimOrderList list)
    {
        if (list.AnyLegOpen || list.Unlocked)
        {
            return;
        }

        var asset = SymbolCatalog.Find(list.Symbol)!.BaseAsset;
        var rest = list.Quantity - list.Sells.Sum(l => l.ExecutedQty);
        _locked[asset] = _locked.GetValueOrDefault(asset) - rest;
        _free[asset] = _free.GetValueOrDefault(asset) + rest;
        list.Unlocked = true;
    }

    private void EnsureFunds(SymbolSpec symbol, string side, decimal amount)
    {
        var asset = side == "BUY" ? symbol.QuoteAsset : symbol.BaseAsset;
        if (_free.GetValueOrDefault(asset) < amount)
        {
            throw SimError.BadRequest(-2010, InsufficientBalance);
        }
    }

    /// <summary>Takes <paramref name="quantity"/> from the levels, best first; less when they run out.</summary>
    private static List<(decimal Price, decimal Quantity)> Walk(IReadOnlyList<(decimal Price, decimal Quantity)> levels, decimal quantity)
    {
        var fills = new List<(decimal, decimal)>();
        var remaining = quantity;
        foreach (var (price, available) in levels)
        {
            if (remaining <= 0)
            {
                break;
            }

            var take = Math.Min(remaining, available);
            fills.Add((price, take));
            remaining -= take;
        }

        return fills;
    }

    /// <summary>
    /// One fill: the paid asset leaves (free, or the order's locked funds), the received asset arrives, and the
    /// commission is taken in BNB (discounted, valued at BNBUSDT now) when the account pays fees with BNB and holds
    /// enough, else from the received asset.
    /// </summary>
    private void Fill(SymbolSpec symbol, SimOrder order, decimal price, decimal quantity, bool isMaker, bool fromLocked)
    {
        var quote = quantity * price;
        var buying = order.Side == "BUY";
        var (paidAsset, paid, receivedAsset, received) = buying
            ? (symbol.QuoteAsset, quote, symbol.BaseAsset, quantity)
            : (symbol.BaseAsset, quantity, symbol.QuoteAsset, quote);
        if (fromLocked)
        {
            // A resting order locked its funds at its own price; it fills at that price.
            _locked[paidAsset] -= paid;
        }
        else
        {
            _free[paidAsset] -= paid;
        }

        _free[receivedAsset] = _free.GetValueOrDefault(receivedAsset) + received;
        var (commission, commissionAsset) = Commission(symbol, quote, receivedAsset, received);
        _free[commissionAsset] -= commission;
        // Order and trade times are the exchange's clock (real time), whatever speed the market path runs at.
        var now = _clock.ServerNowMs;
        var trade = new SimTrade(++_nextTradeId, symbol.Symbol, order.OrderId, price, quantity, quote, commission, commissionAsset, now, buying, isMaker)
        {
            MarketTime = (_matchingAt ?? _clock.MarketNow).ToUnixTimeMilliseconds(),
        };
        _trades.Add(trade);
        order.Fills.Add(trade);
        order.ExecutedQty += quantity;
        order.CummulativeQuoteQty += quote;
        order.UpdateTime = now;
    }

    private (decimal Amount, string Asset) Commission(SymbolSpec symbol, decimal quote, string receivedAsset, decimal received)
    {
        if (PayFeesWithBnb && SymbolCatalog.Find("BNB" + symbol.QuoteAsset) is { } bnb)
        {
            var inBnb = decimal.Round(quote * _options.BnbCommissionRate / PricePath.At(bnb, _clock.MarketNow), 8, MidpointRounding.ToPositiveInfinity);
            if (_free.GetValueOrDefault("BNB") >= inBnb)
            {
                return (inBnb, "BNB");
            }
        }

        return (decimal.Round(received * _options.CommissionRate, 8, MidpointRounding.ToPositiveInfinity), receivedAsset);
    }

    /// <summary>
    /// A stop traded: the other leg expires and the stop works as a LIMIT order from now, taking what the book offers
    /// within its limit at once (a gap below the limit leaves it resting, unfilled).
    /// </summary>
    private void Trigger(SymbolSpec spec, SimOrder order, DateTimeOffset t)
    {
        order.Triggered = true;
        order.UpdateTime = _clock.ServerNowMs;
        ExpireSiblings(order);
        var takes = _book.Levels(spec, order.Side, t).Where(level => order.Side == "SELL" ? level.Price >= order.Price : level.Price <= order.Price).ToList();
        foreach (var (fillPrice, fillQuantity) in Walk(takes, order.OrigQty - order.ExecutedQty))
        {
            Fill(spec, order, fillPrice, fillQuantity, isMaker: false, fromLocked: true);
        }

        order.Status = order.ExecutedQty == order.OrigQty ? "FILLED" : order.ExecutedQty > 0 ? "PARTIALLY_FILLED" : "NEW";
    }

    /// <summary>Fills resting LIMIT orders and order-list legs the price path crossed since the last look (1 s market steps).</summary>
    /// <summary>The symbol's exchangeInfo status now.</summary>
    public string Status(SymbolSpec symbol) => _halts.StatusAt(symbol.Symbol, _clock.MarketNow);

    private void EnsureTrading(SymbolSpec symbol)
    {
        if (Status(symbol) != "TRADING")
        {
            throw SimError.BadRequest(-2010, "Market is closed.");
        }
    }

    /// <summary>The market time of the matching step under way (fills of resting orders happen then, not at the clock's now).</summary>
    private DateTimeOffset? _matchingAt;

    private void MatchLocked()
    {
        var now = _clock.MarketNow;
        var resting = _orders.Where(o => o.IsOpen).ToList();
        if (resting.Count == 0)
        {
            _matchedUntil = now;
            return;
        }

        var step = TimeSpan.FromSeconds(Math.Max(1, (now - _matchedUntil).TotalSeconds / 10_000));
        for (var t = _matchedUntil + step; t <= now && resting.Count > 0; t += step)
        {
            foreach (var order in resting.ToList())
            {
                if (!order.IsOpen)
                {
                    // A sibling leg ended it during this step.
                    resting.Remove(order);
                    continue;
                }

                var spec = SymbolCatalog.Find(order.Symbol)!;
                if (_halts.StatusAt(spec.Symbol, t) != "TRADING")
                {
                    continue;
                }

                var price = PricePath.At(spec, t);
                _matchingAt = t;
                if (order.Type == "STOP_LOSS_LIMIT" && !order.Triggered)
                {
                    if (order.Side == "SELL" ? price <= order.StopPrice : price >= order.StopPrice)
                    {
                        Trigger(spec, order, t);
                    }
                }
                else if (order.Side == "BUY" ? price <= order.Price : price >= order.Price)
                {
                    // Limited depth: each crossing fills at most one level's worth.
                    var quantity = Math.Min(order.OrigQty - order.ExecutedQty, _book.DepthAt(spec, order.Side, t, order.Price));
                    if (quantity > 0)
                    {
                        Fill(spec, order, order.Price, quantity, isMaker: true, fromLocked: true);
                        order.Status = order.ExecutedQty == order.OrigQty ? "FILLED" : "PARTIALLY_FILLED";
                        if (order.OrderListId >= 0)
                        {
                            ExpireSiblings(order);
                        }
                    }
                }

                if (!order.IsOpen)
                {
                    resting.Remove(order);
                    if (order.OrderListId >= 0)
                    {
                        Unlock(_lists.Single(l => l.OrderListId == order.OrderListId));
                    }
                }
            }
        }

        _matchingAt = null;
        _matchedUntil = now;
    }
}
