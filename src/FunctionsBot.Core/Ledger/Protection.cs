namespace FunctionsBot.Core.Ledger;

/// <summary>
/// A position's protective order list at the exchange: a SELL OCO of a LIMIT_MAKER at the take-profit and a
/// STOP_LOSS_LIMIT at the stop, for the quantity held. Its ids are written before the list is sent (write-ahead),
/// so a list whose placement outcome is unknown is found by <see cref="ListClientOrderId"/>, never sent again.
/// Each placement is a new <see cref="Attempt"/> with its own ids (a list id is reused only once its list ended).
/// </summary>
public sealed record Protection
{
    /// <summary>The first wait after a list could not be placed; it doubles with each failure in a row up to <see cref="LongestRetry"/>.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(30);

    /// <summary>Why a list that still did not exist after the grace window ended (looked up once more before the next attempt).</summary>
    public const string NeverPlaced = "never placed";

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

    /// <summary>The list could not be placed: failed, with the wait before the next attempt doubling with each failure in a row.</summary>
    public Protection Failed(string problem, DateTimeOffset now)
    {
        var failures = Failures + 1;
        var wait = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(failures - 1, 20))));
        return this with { Status = ProtectionStatus.Failed, Problem = problem, Failures = failures, RetryAt = now + wait };
    }

    /// <summary>The list is at the exchange as <paramref name="orderListId"/>.</summary>
    public Protection Activated(long orderListId) => this with { Status = ProtectionStatus.Active, OrderListId = orderListId, Problem = null, Failures = 0, RetryAt = null };

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
