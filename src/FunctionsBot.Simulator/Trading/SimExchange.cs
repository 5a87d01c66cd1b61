using FunctionsBot.Simulator.Market;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Simulator.Trading;

/// <summary>
/// The simulated account and matching: balances (free and locked), orders and trades. MARKET orders
/// fill at the price path with commission on the received asset; LIMIT orders rest, locking funds,
/// and fill when the path crosses them. One lock guards all state.
/// </summary>
internal sealed class SimExchange
{
    private const string InsufficientBalance = "Account has insufficient balance for requested action.";

    private readonly Lock _gate = new();
    private readonly SimClock _clock;
    private readonly TimeProvider _time;
    private readonly SimulatorOptions _options;
    private readonly Dictionary<string, decimal> _free;
    private readonly Dictionary<string, decimal> _locked = new(StringComparer.Ordinal);
    private readonly List<SimOrder> _orders = [];
    private readonly List<SimTrade> _trades = [];
    private long _nextOrderId = 1000;
    private long _nextTradeId = 5000;
    private DateTimeOffset _matchedUntil;

    public SimExchange(SimClock clock, TimeProvider time, IOptions<SimulatorOptions> options)
    {
        _clock = clock;
        _time = time;
        _options = options.Value;
        _free = new Dictionary<string, decimal>(_options.ParseBalances(), StringComparer.Ordinal);
        _matchedUntil = clock.MarketNow;
    }

    /// <summary>Every placement attempt that reused the client id of an open order.</summary>
    public int DuplicateAttempts { get; private set; }

    public decimal Price(SymbolSpec symbol) => PricePath.At(symbol, _clock.MarketNow);

    public decimal AveragePrice(SymbolSpec symbol) => PricePath.Average(symbol, _clock.MarketNow, TimeSpan.FromMinutes(SymbolSpec.AvgPriceMins));

    public SimOrder Place(PlaceOrderRequest request)
    {
        var symbol = SymbolCatalog.Find(request.Symbol) ?? throw SimError.BadRequest(-1121, "Invalid symbol.");
        lock (_gate)
        {
            MatchLocked();
            if (_orders.Any(o => o.IsOpen && o.ClientOrderId == request.ClientOrderId))
            {
                DuplicateAttempts++;
                throw SimError.BadRequest(-2010, "Duplicate order sent.");
            }

            var price = Price(symbol);
            var average = AveragePrice(symbol);
            var isMarket = request.Type == "MARKET";
            var quantity = request.Quantity
                ?? (request.QuoteOrderQty is { } quote ? Math.Floor(quote / price / symbol.StepSize) * symbol.StepSize : 0m);
            var openOnSymbol = _orders.Count(o => o.IsOpen && o.Symbol == symbol.Symbol);
            if (FilterChecks.FirstFailure(symbol, quantity, isMarket ? null : request.Price, average, openOnSymbol) is { } failure)
            {
                throw SimError.BadRequest(-1013, $"Filter failure: {failure}");
            }

            var now = _clock.MarketNowMs;
            var order = new SimOrder
            {
                OrderId = ++_nextOrderId,
                Symbol = symbol.Symbol,
                ClientOrderId = request.ClientOrderId,
                Side = request.Side,
                Type = request.Type,
                TimeInForce = isMarket ? "GTC" : request.TimeInForce ?? "GTC",
                Price = isMarket ? 0m : request.Price!.Value,
                OrigQty = quantity,
                OrigQuoteOrderQty = request.QuoteOrderQty ?? 0m,
                Time = now,
                UpdateTime = now,
                HiddenUntil = _time.GetUtcNow().AddMilliseconds(_options.OrderNotFoundMs),
            };

            var marketable = isMarket || (order.Side == "BUY" ? order.Price >= price : order.Price <= price);
            if (marketable)
            {
                var fillPrice = isMarket ? price : order.Price;
                EnsureFunds(symbol, order.Side, order.Side == "BUY" ? quantity * fillPrice : quantity);
                Fill(symbol, order, fillPrice, isMaker: false, fromLocked: false);
            }
            else
            {
                var (asset, amount) = order.Side == "BUY" ? (symbol.QuoteAsset, quantity * order.Price) : (symbol.BaseAsset, quantity);
                EnsureFunds(symbol, order.Side, amount);
                _free[asset] -= amount;
                _locked[asset] = _locked.GetValueOrDefault(asset) + amount;
            }

            _orders.Add(order);
            return order;
        }
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

            var spec = SymbolCatalog.Find(symbol)!;
            var remaining = order.OrigQty - order.ExecutedQty;
            var (asset, amount) = order.Side == "BUY" ? (spec.QuoteAsset, remaining * order.Price) : (spec.BaseAsset, remaining);
            _locked[asset] -= amount;
            _free[asset] = _free.GetValueOrDefault(asset) + amount;
            order.Status = "CANCELED";
            order.UpdateTime = _clock.MarketNowMs;
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

    public IReadOnlyList<SimTrade> Trades(string symbol, long? orderId)
    {
        lock (_gate)
        {
            MatchLocked();
            return _trades.Where(t => t.Symbol == symbol && (orderId is null || t.OrderId == orderId)).ToList();
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

    private void EnsureFunds(SymbolSpec symbol, string side, decimal amount)
    {
        var asset = side == "BUY" ? symbol.QuoteAsset : symbol.BaseAsset;
        if (_free.GetValueOrDefault(asset) < amount)
        {
            throw SimError.BadRequest(-2010, InsufficientBalance);
        }
    }

    private void Fill(SymbolSpec symbol, SimOrder order, decimal price, bool isMaker, bool fromLocked)
    {
        var quantity = order.OrigQty - order.ExecutedQty;
        var quote = quantity * price;
        var buying = order.Side == "BUY";
        var commission = decimal.Round((buying ? quantity : quote) * _options.CommissionRate, 8, MidpointRounding.ToPositiveInfinity);
        var (paidAsset, paid, receivedAsset, received) = buying
            ? (symbol.QuoteAsset, quote, symbol.BaseAsset, quantity - commission)
            : (symbol.BaseAsset, quantity, symbol.QuoteAsset, quote - commission);
        if (fromLocked)
        {
            // A resting BUY locked quantity × limit price; it fills at the limit price, so that is what is paid.
            _locked[paidAsset] -= paid;
        }
        else
        {
            _free[paidAsset] -= paid;
        }

        _free[receivedAsset] = _free.GetValueOrDefault(receivedAsset) + received;
        var now = _clock.MarketNowMs;
        var trade = new SimTrade(++_nextTradeId, symbol.Symbol, order.OrderId, price, quantity, quote, commission, receivedAsset, now, buying, isMaker);
        _trades.Add(trade);
        order.Fills.Add(trade);
        order.ExecutedQty += quantity;
        order.CummulativeQuoteQty += quote;
        order.Status = "FILLED";
        order.UpdateTime = now;
    }

    /// <summary>Fills resting LIMIT orders the price path crossed since the last look (1 s market steps).</summary>
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
                var spec = SymbolCatalog.Find(order.Symbol)!;
                var price = PricePath.At(spec, t);
                if (order.Side == "BUY" ? price <= order.Price : price >= order.Price)
                {
                    Fill(spec, order, order.Price, isMaker: true, fromLocked: true);
                    resting.Remove(order);
                }
            }
        }

        _matchedUntil = now;
    }
}
