namespace FunctionsBot.Core.Exchange;

/// <summary>
/// Protective order lists at the exchange: a SELL OCO per position. Its legs are orders like any other: read them
/// with <see cref="IExchange.FindOrderAsync"/> by their client order ids. Failures are <see cref="ExchangeException"/>s
/// that say whether the call may have executed.
/// </summary>
public interface IProtectiveOrders
{
    /// <summary>
    /// Sends the list once and returns the exchange's list id. An unknown outcome is an <see cref="ExchangeException"/>
    /// with <see cref="ExecutionStatus.Unknown"/>: look the list up by its client id, never resend it.
    /// </summary>
    Task<long> PlaceOcoAsync(OcoRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Sends an OPOCO once: a BUY LIMIT IOC working order and the position's SELL OCO pending on it, placed by the exchange
    /// for what the working order received once it filled fully. Returns the list id and the working order as it ended.
    /// An unknown outcome is an <see cref="ExchangeException"/> with <see cref="ExecutionStatus.Unknown"/>: find the working
    /// order by its client id, never resend.
    /// </summary>
    Task<OpocoPlacement> PlaceOpocoAsync(OpocoRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The list as the exchange reports it by its own query (<c>GET /api/v3/orderList</c>), or null when the exchange says
    /// no list has this client id. <c>openOrderList</c> may lag behind it; this is what decides whether a list ended.
    /// </summary>
    Task<OrderListState?> FindListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken);

    /// <summary>Every open (still contingent) order list of the account, all symbols: list client id → list id.</summary>
    Task<IReadOnlyDictionary<string, long>> GetOpenListsAsync(CancellationToken cancellationToken);

    /// <summary>Cancels the list (both legs). False when the exchange says it is not open: a leg traded or it ended.</summary>
    Task<bool> CancelListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken);

    /// <summary>Cancels one order (a leg left working after its list ended). False when it is no longer open.</summary>
    Task<bool> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken);
}

/// <summary>An order list's id and whether it is still contingent (<c>listOrderStatus</c> EXECUTING: no leg triggered or traded).</summary>
public sealed record OrderListState(long OrderListId, bool IsExecuting);

/// <summary>
/// An entry with its protection in one request (Binance's OPOCO): BUY <see cref="Quantity"/> LIMIT IOC at
/// <see cref="Price"/> or better as <see cref="WorkingClientOrderId"/>; once it fills fully, <see cref="Protection"/>'s
/// legs sell what it received (commission deducted, down to LOT_SIZE; the request's quantity is not used for them).
/// </summary>
public sealed record OpocoRequest(decimal Quantity, decimal Price, string WorkingClientOrderId, OcoRequest Protection);

/// <summary>An OPOCO at the exchange: its list id and its working order as the reply reports it.</summary>
public sealed record OpocoPlacement(long OrderListId, OrderOutcome Working);

/// <summary>
/// A SELL OCO protecting a long position: a LIMIT_MAKER at <see cref="TakeProfitPrice"/> above the market and a
/// STOP_LOSS_LIMIT triggered at <see cref="StopPrice"/> that sells at <see cref="StopLimitPrice"/> or better, GTC.
/// </summary>
public sealed record OcoRequest(
    string Symbol, decimal Quantity, string ListClientOrderId, string TakeProfitClientOrderId, decimal TakeProfitPrice, string StopClientOrderId, decimal StopPrice, decimal StopLimitPrice);
