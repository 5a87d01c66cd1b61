namespace FunctionsBot.Core.Reconciliation;

/// <summary>
/// The last reconciliation as the ledger keeps it: when, over which window, what was compared, and each
/// difference with whether it is above tolerance and the proposal that stands for it.
/// </summary>
public sealed record ReconciliationReport(
    DateTimeOffset At,
    string Actor,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int Symbols,
    int Orders,
    int Trades,
    int Assets,
    IReadOnlyList<ReportedDifference> Differences)
{
    /// <summary>Above tolerance and not yet decided by a person: what locks symbols, alerts and degrades health.</summary>
    public IEnumerable<ReportedDifference> Mismatches => Differences.Where(d => d.AboveTolerance && !d.Acknowledged);

    /// <summary>The mismatches no person has decided yet: those without a proposal, or whose proposal still waits (approving or rejecting one clears it).</summary>
    public int Undecided(IEnumerable<Proposal> proposals)
    {
        var pending = proposals.Where(p => p.Status == ProposalStatus.Pending).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return Mismatches.Count(d => d.ProposalId is null || pending.Contains(d.ProposalId));
    }
}

public sealed record ReportedDifference(DifferenceKind Kind, string Symbol, string Message, decimal? ValueInQuote, bool AboveTolerance, string? ProposalId, bool Acknowledged);
