namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The state machine of a position's protective list, checked on every commit like <see cref="PositionTransitions"/>.
/// Within one attempt a list written ahead is placed, refused, or found never to have existed; a placed list ends;
/// a list declared never placed may turn up (written ahead again). A new attempt starts only once the previous one
/// can no longer be working, written ahead or refused at once by the filters.
/// </summary>
public static class ProtectionTransitions
{
    private static readonly Dictionary<ProtectionStatus, ProtectionStatus[]> SameAttempt = new()
    {
        [ProtectionStatus.Placing] = [ProtectionStatus.Active, ProtectionStatus.Failed, ProtectionStatus.Ended],
        [ProtectionStatus.Active] = [ProtectionStatus.Ended],
        [ProtectionStatus.Failed] = [],
        // A list declared never placed turns up: open (adopted) or already ended (written ahead again, its legs read next).
        [ProtectionStatus.Ended] = [ProtectionStatus.Active, ProtectionStatus.Placing],
    };

    private static readonly ProtectionStatus[] NewAttempt = [ProtectionStatus.Placing, ProtectionStatus.Failed];

    /// <summary>Whether a protection may go from <paramref name="from"/> (null: none yet) to <paramref name="to"/>.</summary>
    public static bool IsAllowed(Protection? from, Protection? to) => (from, to) switch
    {
        (_, null) => from is null,
        (null, _) => NewAttempt.Contains(to.Status),
        _ when to.Attempt == from.Attempt => to.Status == from.Status || SameAttempt[from.Status].Contains(to.Status),
        _ => to.Attempt > from.Attempt && !from.MayBeWorking && NewAttempt.Contains(to.Status),
    };

    /// <exception cref="InvalidOperationException">The change moves a protection along no transition of the table.</exception>
    public static void Check(IEnumerable<Position> before, IEnumerable<Position> after)
    {
        var previous = before.ToDictionary(p => p.Sequence);
        foreach (var next in after)
        {
            var from = previous.GetValueOrDefault(next.Sequence)?.Protection;
            if (!IsAllowed(from, next.Protection))
            {
                throw new InvalidOperationException(
                    $"Position #{next.Sequence} ({next.Symbol}): its protection cannot go from {Describe(from)} to {Describe(next.Protection)}.");
            }
        }
    }

    private static string Describe(Protection? p) => p is null ? "none" : $"attempt {p.Attempt} {p.Status}";
}
