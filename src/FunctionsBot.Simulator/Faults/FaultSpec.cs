namespace FunctionsBot.Simulator.Faults;

/// <summary>
/// The body of <c>POST /admin/faults</c>. Each armed fault applies to <see cref="Count"/> matching requests;
/// <see cref="Request"/> (<c>"POST /api/v3/order"</c>) limits it to one method and path, so a test can hit
/// order placement alone while market data keeps flowing.
/// </summary>
internal sealed record FaultSpec(FaultKind Kind, int Count = 1, int RetryAfterSeconds = 2, int LatencyMs = 0, int DurationMs = 0, int Status = 503, string? Request = null, string? Body = null)
{
    public bool Matches(HttpRequest request) =>
        Request is null || string.Equals(Request, $"{request.Method} {request.Path}", StringComparison.OrdinalIgnoreCase);
}
