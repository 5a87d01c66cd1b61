namespace FunctionsBot.Simulator.Faults;

/// <summary>What the next requests suffer. Each armed fault applies to a count of matching requests.</summary>
internal enum FaultKind
{
    /// <summary>Every request waits <c>latencyMs</c> first.</summary>
    Latency,

    /// <summary>HTTP 429, -1003, with <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>HTTP 418, -1003 "IP banned", with <c>Retry-After</c>.</summary>
    Ban,

    /// <summary>Order placement: the order is placed, then the reply is an HTTP 5xx (execution status unknown).</summary>
    ServerErrorAfterPlace,

    /// <summary>Order placement: HTTP 5xx and nothing placed.</summary>
    ServerErrorBeforePlace,

    /// <summary>Signed requests: -1021 before anything executes.</summary>
    InvalidTimestamp,

    /// <summary>Placed orders answer -2013 "Order does not exist." to queries for <c>durationMs</c>.</summary>
    OrderNotFound,

    /// <summary>
    /// The request is processed as usual (an order is placed), then answered HTTP 200 with <c>body</c> instead of
    /// the documented reply: more or fewer items, a missing field, a wrong type, an unknown status.
    /// </summary>
    Reshape,

    /// <summary>
    /// <c>GET /api/v3/openOrderList</c> answers without the lists that are open, as a lagging view would, for
    /// <c>count</c> requests; the lists themselves stay live (their own query, <c>GET /api/v3/orderList</c>, says EXECUTING).
    /// </summary>
    OpenListLag,
}
