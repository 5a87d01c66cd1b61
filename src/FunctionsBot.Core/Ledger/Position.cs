namespace FunctionsBot.Core.Ledger;

/// <summary>
/// One long spot position and its orders. A <see cref="PositionStatus.Pending"/> or
/// <see cref="PositionStatus.Closing"/> position is a write-ahead intent: its client order id was
/// recorded before the order was sent, so the order can always be found again.
/// Amounts are in the quote asset except <see cref="Quantity"/> (base).
/// </summary>
public sealed record Position
{
    public required long Sequence { get; init; }

    public required string Symbol { get; init; }

    public required PositionStatus Status { get; init; }

    public required string EntryClientOrderId { get; init; }

    /// <summary>Quote reserved for the entry while it is pending.</summary>
    public decimal ReservedQuote { get; init; }

    /// <summary>Base quantity asked for at entry.</summary>
    public decimal RequestedQuantity { get; init; }

    /// <summary>Base quantity held: executed minus commission taken in the base asset.</summary>
    public decimal Quantity { get; init; }

    /// <summary>Quote spent on the entry (commission included when paid in quote).</summary>
    public decimal EntryCost { get; init; }

    public decimal EntryPrice { get; init; }

    public decimal? StopPrice { get; init; }

    public decimal? TakeProfitPrice { get; init; }

    public string? ExitClientOrderId { get; init; }

    public string? ExitReason { get; init; }

    /// <summary>Quote received on exit, net of commission.</summary>
    public decimal? ExitProceeds { get; init; }

    public decimal? RealizedPnl { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? ExitRequestedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string Id => $"pos-{Sequence:D12}";

    public bool IsIntent => Status is PositionStatus.Pending or PositionStatus.Closing;

    public bool CountsAsOpen => Status is PositionStatus.Pending or PositionStatus.Open or PositionStatus.Closing;
}
