namespace FunctionsBot.Simulator.Trading;

internal sealed class SimOrder
{
    public required long OrderId { get; init; }

    public required string Symbol { get; init; }

    public required string ClientOrderId { get; init; }

    public required string Side { get; init; }

    public required string Type { get; init; }

    public string TimeInForce { get; init; } = "GTC";

    public decimal Price { get; init; }

    /// <summary>The stop of a STOP_LOSS_LIMIT leg; 0 otherwise.</summary>
    public decimal StopPrice { get; init; }

    /// <summary>The order list this order is a leg of; -1 when none.</summary>
    public long OrderListId { get; init; } = -1;

    /// <summary>A STOP_LOSS_LIMIT whose stop traded: it now works as a LIMIT order at <see cref="Price"/>.</summary>
    public bool Triggered { get; set; }

    /// <summary>Set when a pending OPO leg is placed: the working order's received quantity.</summary>
    public required decimal OrigQty { get; set; }

    public decimal OrigQuoteOrderQty { get; init; }

    public decimal ExecutedQty { get; set; }

    public decimal CummulativeQuoteQty { get; set; }

    public string Status { get; set; } = "NEW";

    public required long Time { get; init; }

    public long UpdateTime { get; set; }

    /// <summary>When the order started working at the exchange (its placement; a pending OPO leg's: when it was placed).</summary>
    public long? WorkingSince { get; set; }

    /// <summary>Real time before which a query for this order answers "does not exist" (fault injection).</summary>
    public DateTimeOffset HiddenUntil { get; set; }

    public List<SimTrade> Fills { get; } = [];

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";

    /// <summary>Working on the book (Binance's <c>isWorking</c>): every order but a stop that has not triggered.</summary>
    public bool IsWorking => Type != "STOP_LOSS_LIMIT" || Triggered;
}
