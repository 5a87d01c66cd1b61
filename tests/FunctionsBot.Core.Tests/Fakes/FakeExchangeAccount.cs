using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>
/// An account's history as Binance serves it: <c>allOrders</c> and <c>myTrades</c> by time window (an order by the time it
/// was placed, a trade by the time it traded), an order by its client id, and an order's trades by its id whenever they traded.
/// </summary>
internal sealed class FakeExchangeAccount(DateTimeOffset serverNow) : IExchangeAccount
{
    public List<ExchangeOrder> Orders { get; } = [];

    public List<ExchangeTrade> Trades { get; } = [];

    public List<AccountBalance> Balances { get; } = [new("USDT", 1000m, 0m)];

    /// <summary>How many times an order's trades were read by its id.</summary>
    public int OrderTradeReads { get; private set; }

    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken) => Task.FromResult(serverNow);

    public Task<IReadOnlyList<ExchangeOrder>> GetOrdersAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExchangeOrder>>(Orders.Where(o => o.Symbol == symbol && o.Time >= since && o.Time <= until).ToList());

    public Task<IReadOnlyList<ExchangeTrade>> GetTradesAsync(string symbol, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExchangeTrade>>(Trades.Where(t => t.Symbol == symbol && t.Time >= since && t.Time <= until).ToList());

    public Task<IReadOnlyList<ExchangeTrade>> GetOrderTradesAsync(string symbol, long orderId, CancellationToken cancellationToken)
    {
        OrderTradeReads++;
        return Task.FromResult<IReadOnlyList<ExchangeTrade>>(Trades.Where(t => t.Symbol == symbol && t.OrderId == orderId).ToList());
    }

    public Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(string symbol, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExchangeOrder>>(Orders.Where(o => o.Symbol == symbol && o.IsOpen).ToList());

    public Task<IReadOnlyList<ExchangeOrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExchangeOrderList>>([]);

    public Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountBalance>>(Balances);

    public Task<ExchangeOrder?> FindOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken) =>
        Task.FromResult(Orders.FirstOrDefault(o => o.Symbol == symbol && o.ClientOrderId == clientOrderId));
}
