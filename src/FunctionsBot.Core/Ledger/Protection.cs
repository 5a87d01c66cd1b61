namespace FunctionsBot.Core.Ledger;

/// <summary>
/// A position's protective order list at the exchange: a SELL OCO of a LIMIT_MAKER at the take-profit and a
/// STOP_LOSS_LIMIT at the stop, for the quantity held. Its ids are written before the list is sent (write-ahead),
/// so a list whose placement outcome is unknown is found by <see cref="ListClientOrderId"/>, never sent again.
/// Each placement is a new <see cref="Attempt"/> with its own ids (a list id is reused only once its list ended).
/// </summary>
public sealed record Protection
{
    public required int Attempt { get; init; }

    public required ProtectionStatus Status { get; init; }

    public required string ListClientOrderId { get; init; }

    /// <summary>Base quantity both legs sell.</summary>
    public decimal Quantity { get; init; }

    /// <summary>The stop leg's trigger price.</summary>
    public decimal StopPrice { get; init; }

    /// <summary>The stop leg's limit once triggered (Strategy__StopLimitOffsetPercent below the stop).</summary>
    public decimal StopLimitPrice { get; init; }

    public decimal TakeProfitPrice { get; init; }

    /// <summary>The exchange's id of the list, once known.</summary>
    public long? OrderListId { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>Why the position is not protected at the exchange (a refusal, the symbol's rules), while <see cref="ProtectionStatus.Failed"/>.</summary>
    public string? Problem { get; init; }

    /// <summary>Failed placements in a row; the back-off doubles with each.</summary>
    public int Failures { get; init; }

    /// <summary>When placement is tried again after a failure.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    public string StopClientOrderId => LegIds(ListClientOrderId).Stop;

    public string TakeProfitClientOrderId => LegIds(ListClientOrderId).TakeProfit;

    /// <summary>The list may be working at the exchange: placed, or sent with its outcome not known yet.</summary>
    public bool MayBeWorking => Status is ProtectionStatus.Placing or ProtectionStatus.Active;

    /// <summary>The legs' client order ids of a list: the list's id with <c>s</c> (stop) or <c>t</c> (take-profit) appended.</summary>
    public static (string Stop, string TakeProfit) LegIds(string listClientOrderId) => (listClientOrderId + "s", listClientOrderId + "t");
}

public enum ProtectionStatus
{
    /// <summary>Written ahead; the list may or may not exist at the exchange yet.</summary>
    Placing,

    /// <summary>The list is at the exchange and holds the position's stop and take-profit.</summary>
    Active,

    /// <summary>The list could not be placed: the bot-side stop holds the position, and placement is retried with back-off.</summary>
    Failed,

    /// <summary>The list ended (a leg traded, it was canceled, or it never came to be): the rest of the position needs a new one.</summary>
    Ended,
}
