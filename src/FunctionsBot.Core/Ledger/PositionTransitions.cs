namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The state machine of a position and its order intents. Every change the cycle commits is checked against
/// this table, so a stage cannot, say, close an intent that never filled or reopen a closed position.
/// </summary>
public static class PositionTransitions
{
    private static readonly Dictionary<PositionStatus, PositionStatus[]> Allowed = new()
    {
        // Entry intent: filled (open, or dust when too little to sell), or given up.
        [PositionStatus.Pending] = [PositionStatus.Open, PositionStatus.Dust, PositionStatus.Failed],

        // Open: an exit intent is written, or a leg of its protective order list sold it at the exchange (all, or the
        // rest too small to sell again).
        [PositionStatus.Open] = [PositionStatus.Closing, PositionStatus.Closed, PositionStatus.Dust],

        // Exit intent: sold all, sold part (back to open), left dust, sold nothing or given up (back to open).
        [PositionStatus.Closing] = [PositionStatus.Closed, PositionStatus.Open, PositionStatus.Dust],

        // Dust: absorbed by a later entry in the asset.
        [PositionStatus.Dust] = [PositionStatus.Closed],
        [PositionStatus.Closed] = [],
        [PositionStatus.Failed] = [],
    };

    /// <summary>Whether a position may go from <paramref name="from"/> (null: a new row, which must be an entry intent) to <paramref name="to"/>.</summary>
    public static bool IsAllowed(PositionStatus? from, PositionStatus to) =>
        from is { } current ? current == to || Allowed[current].Contains(to) : to == PositionStatus.Pending;

    /// <exception cref="InvalidOperationException">The change moves a position along no transition of the table.</exception>
    public static void Check(IEnumerable<Position> before, IEnumerable<Position> after)
    {
        var previous = before.ToDictionary(p => p.Sequence);
        foreach (var next in after)
        {
            var from = previous.TryGetValue(next.Sequence, out var p) ? p.Status : (PositionStatus?)null;
            if (!IsAllowed(from, next.Status))
            {
                throw new InvalidOperationException($"Position #{next.Sequence} ({next.Symbol}) cannot go from {from?.ToString() ?? "nothing"} to {next.Status}.");
            }
        }
    }
}
