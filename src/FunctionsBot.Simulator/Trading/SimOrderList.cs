namespace FunctionsBot.Simulator.Trading;

/// <summary>
/// An order list. OCO: two SELL legs sharing the locked quantity; when one fills, triggers or is canceled, the other
/// ends. OTO (an OPOCO): a BUY LIMIT working order first, then two SELL legs <c>PENDING_NEW</c> until it fills fully, which
/// then work as an OCO for what it received net of commission.
/// </summary>
internal sealed class SimOrderList
{
    /// <summary><c>OCO</c>, or <c>OTO</c> for a list with a working order (OTO, OTOCO, OPO, OPOCO).</summary>
    public string ContingencyType { get; init; } = "OCO";

    /// <summary>The working order of an OTO list; null for an OCO.</summary>
    public SimOrder? Working => ContingencyType == "OTO" ? Legs[0] : null;

    /// <summary>The SELL legs (an OCO's two, an OPOCO's pending pair).</summary>
    public IEnumerable<SimOrder> Sells => Legs.Where(l => l != Working);

    public required long OrderListId { get; init; }

    public required string ListClientOrderId { get; init; }

    public required string Symbol { get; init; }

    public required long TransactionTime { get; init; }

    /// <summary>The quantity both SELL legs share, locked while the list is open (an OPOCO's: set when its working order fills).</summary>
    public required decimal Quantity { get; set; }

    /// <summary>What no leg sold has returned to free.</summary>
    public bool Unlocked { get; set; }

    public List<SimOrder> Legs { get; } = [];

    /// <summary>
    /// The list is still contingent (EXECUTING): both legs open, none triggered or traded. Once a leg triggers or
    /// trades, the other expires and the list is ALL_DONE, though a triggered stop may still rest as a working order.
    /// </summary>
    /// <remarks>An OTO list is EXECUTING while its working order works and, once that filled, while its pair is contingent.</remarks>
    public bool IsOpen => Working is { } working
        ? working.IsOpen || (working.Status == "FILLED" && Sells.All(l => l.IsOpen && !l.Triggered && l.ExecutedQty == 0))
        : Legs.All(l => l.IsOpen && !l.Triggered && l.ExecutedQty == 0);

    public bool AnyLegOpen => Legs.Any(l => l.IsOpen || l.Status == "PENDING_NEW");
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

internal sealed record PlaceOpocoRequest(
    string Symbol,
    string ListClientOrderId,
    string WorkingType,
    string WorkingSide,
    decimal WorkingPrice,
    decimal WorkingQuantity,
    string WorkingTimeInForce,
    string WorkingClientOrderId,
    string PendingSide,
    string PendingAboveType,
    decimal? PendingAbovePrice,
    string PendingAboveClientOrderId,
    string? PendingBelowType,
    decimal? PendingBelowPrice,
    decimal? PendingBelowStopPrice,
    string? PendingBelowTimeInForce,
    string PendingBelowClientOrderId);
