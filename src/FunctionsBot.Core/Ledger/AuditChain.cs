using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The tamper-evident audit trail: each chained record carries the hash of the one before it, and the
/// state row holds the head, updated in the same transaction. Editing, removing or reordering a
/// chained record breaks the chain at that point.
/// </summary>
public static class AuditChain
{
    /// <summary>Numbers and hashes the change's audit records and moves the head in its state.</summary>
    public static LedgerChange Seal(LedgerChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var head = change.State.AuditHead;
        var sequence = change.State.AuditSequence;
        var sealedRecords = new List<AuditRecord>(change.Audit.Count);
        foreach (var record in change.Audit)
        {
            sequence++;
            var chained = record with { Sequence = sequence, PreviousHash = head, Hash = null };
            head = Hash(chained);
            sealedRecords.Add(chained with { Hash = head });
        }

        return change with { State = change.State with { AuditHead = head, AuditSequence = sequence }, Audit = sealedRecords };
    }

    /// <summary>
    /// Checks the chained records among <paramref name="newestFirst"/> against each other and the newest
    /// against <paramref name="head"/>. Returns null when intact, else what is broken.
    /// </summary>
    public static string? Verify(IReadOnlyList<AuditRecord> newestFirst, string? head)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var chained = newestFirst.Where(r => r.Sequence is not null).ToList();
        if (chained.Count == 0)
        {
            return null;
        }

        if (chained[0].Hash != head)
        {
            return $"the newest chained record (#{chained[0].Sequence}) does not match the head in the state row.";
        }

        for (var i = 0; i < chained.Count; i++)
        {
            var record = chained[i];
            if (Hash(record with { Hash = null }) != record.Hash)
            {
                return $"record #{record.Sequence} does not match its hash.";
            }

            if (i + 1 < chained.Count && (chained[i + 1].Hash != record.PreviousHash || chained[i + 1].Sequence != record.Sequence - 1))
            {
                return $"record #{record.Sequence} does not follow #{chained[i + 1].Sequence}.";
            }
        }

        return null;
    }

    private static string Hash(AuditRecord record)
    {
        var text = new StringBuilder()
            .Append(record.Sequence?.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(record.PreviousHash).Append('|')
            .Append(record.At.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(record.Kind).Append('|')
            .Append(record.Actor).Append('|')
            .Append(record.Message);
        foreach (var (key, value) in (record.Data ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(key).Append('=').Append(value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
