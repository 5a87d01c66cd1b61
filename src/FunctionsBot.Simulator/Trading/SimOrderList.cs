namespace FunctionsBot.Simulator.Trading;

/// <summary>An OCO order list: two legs sharing the locked quantity; when one fills, triggers or is canceled, the other ends.</summary>
internal sealed class SimOrderList
{
    public required long OrderListId { get; init; }

    public required string ListClientOrderId { get; init; }

    public required string Symbol { get; init; }

    public required long TransactionTime { get; init; }

    /// <summary>The quantity both legs share, locked while the list is open.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>What no leg sold has returned to free.</summary>
    public bool Unlocked { get; set; }

    public List<SimOrder> Legs { get; } = [];

    /// <summary>
    /// The list is still contingent (EXECUTING): both legs open, none triggered or traded. Once a leg triggers or
    /// trades, the other expires and the list is ALL_DONE, though a triggered stop may still rest as a working order.
    /// </summary>
    public bool IsOpen => Legs.All(l => l.IsOpen && !l.Triggered && l.ExecutedQty == 0);

    public bool AnyLegOpen => Legs.Any(l => l.IsOpen);
}

internal sealed record PlaceOcoRequest(
    string Symbol,
    string Side,
    decimal Quantity,
    string ListClientOrderId,
    string AboveType,
    decimal? AbovePrice,
    decimal? AboveStopPrice,
    string? AboveClientOrderId,
    string BelowType,
    decimal? BelowPrice,
    decimal? BelowStopPrice,
    string? BelowTimeInForce,
    string? BelowClientOrderId);
