namespace FunctionsBot.Core.Ledger;

/// <summary>
/// One long spot position and its orders. A <see cref="PositionStatus.Pending"/> or
/// <see cref="PositionStatus.Closing"/> position is a write-ahead intent: its client order id was
/// recorded before the order was sent, so the order can always be found again. Exits may fill in parts:
/// each realizes PnL on the part sold and leaves the rest open, or as <see cref="PositionStatus.Dust"/>
/// when the rest is too small to sell. Amounts are in the quote asset except the quantities (base).
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

    /// <summary>Base quantity held now: received at entry (net of base commission, plus absorbed dust) minus what exits sold.</summary>
    public decimal Quantity { get; init; }

    /// <summary>Base quantity the entry put in the position (net of base commission, absorbed dust included).</summary>
    public decimal EntryQuantity { get; init; }

    /// <summary>Quote spent on the entry, every commission valued in quote included.</summary>
    public decimal EntryCost { get; init; }

    /// <summary>Cost of what is held now: <see cref="EntryCost"/> less the cost of the parts sold (pro rata) and written off.</summary>
    public decimal HeldCost { get; init; }

    /// <summary>Exit orders sent so far; each gets its own client order id.</summary>
    public int ExitCount { get; init; }

    /// <summary>Commissions of this position's orders paid outside the base asset, valued in quote (entry and exits).</summary>
    public decimal FeesInQuote { get; init; }

    /// <summary>Base this position gave up to pay commissions of other trades in its asset (BNB fees), at their valuation.</summary>
    public decimal FeesDrawn { get; init; }

    /// <summary>What the exchange took as commissions on this position's orders, by asset (<see cref="Booking.FeeList"/>): entry and exits.</summary>
    public string? Fees { get; init; }

    /// <summary>Base the exits sold so far, and the quote they fetched before commissions: their ratio is the average exit price.</summary>
    public decimal SoldQuantity { get; init; }

    public decimal SoldQuote { get; init; }

    /// <summary>Cost of a remainder too small to sell, written off when it became dust.</summary>
    public decimal DustWrittenOff { get; init; }

    public decimal EntryPrice { get; init; }

    public decimal? StopPrice { get; init; }

    public decimal? TakeProfitPrice { get; init; }

    public string? ExitClientOrderId { get; init; }

    public string? ExitReason { get; init; }

    /// <summary>Quote received by the exits so far, net of every commission valued in quote.</summary>
    public decimal? ExitProceeds { get; init; }

    /// <summary>Realized PnL of the parts sold so far (proceeds less their pro-rata cost); dust written off is apart.</summary>
    public decimal? RealizedPnl { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? ExitRequestedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The position's protective order list at the exchange, the latest attempt (null: none was ever placed).</summary>
    public Protection? Protection { get; init; }

    /// <summary>
    /// The account's cycle count (<see cref="RiskState.CycleCount"/>) when the open position was first seen without a
    /// working list at the exchange; null while a list holds it. Stamped on every cycle commit, so any instance can tell
    /// how many cycles it has gone unprotected.
    /// </summary>
    public long? UnprotectedSinceCycle { get; init; }

    /// <summary>How the entry filled beyond what risk approved (more than asked, or past <c>Risk__MaxTradeQuote</c>); alerted while the position is open.</summary>
    public string? Overfill { get; init; }

    /// <summary>
    /// The symbol's exchangeInfo status while it is not <c>TRADING</c> (<c>BREAK</c>, <c>HALT</c> …), as the cycle last saw
    /// it; null while it trades. A halted position stays open: nothing can be sold until trading resumes.
    /// </summary>
    public string? SymbolHalt { get; init; }

    /// <summary>Why the strategy entered (its decision's tag), for reports; null when it gave none.</summary>
    public string? EntryTag { get; init; }

    /// <summary>The stop-loss and take-profit percentages the strategy asked at entry; null: the settings' (<c>Strategy__StopLossPercent</c> …).</summary>
    public Booking.ExitLevels? Levels { get; init; }

    /// <summary>Open and not held by a working list at the exchange.</summary>
    public bool IsUnprotected => Status == PositionStatus.Open && Protection is not { Status: ProtectionStatus.Active };

    public string Id => $"pos-{Sequence:D12}";

    public bool IsIntent => Status is PositionStatus.Pending or PositionStatus.Closing;

    /// <summary>Counts toward the open-position limit (dust does not).</summary>
    public bool CountsAsOpen => Status is PositionStatus.Pending or PositionStatus.Open or PositionStatus.Closing;

    /// <summary>Holds base the ledger tracks: open, being exited, or dust.</summary>
    public bool HoldsBase => Status is PositionStatus.Open or PositionStatus.Closing or PositionStatus.Dust;
}
