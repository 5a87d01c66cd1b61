using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Core.Ledger;

/// <summary>
/// The tamper-evident audit trail. Each chained record carries a sequence number, the hash of the record before
/// it and its own hash over a canonical, length-prefixed encoding of every field; the state row holds the head
/// (newest hash and sequence), moved in the same transaction. The trail's order is the sequence, never a clock:
/// storage keys derive from it. Editing, deleting, inserting or reordering a record, or moving text between
/// fields, breaks the chain where it happened. Only a skipped cycle, which changes nothing, is unchained.
/// </summary>
public static class AuditChain
{
    private const string Version = "audit-chain/2";

    private static readonly Dictionary<string, string> EmptyData = [];

    /// <summary>The bytes of the record being hashed, one buffer per thread.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

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
    /// Verifies a window of the trail, newest first (as storage returns it). With <paramref name="head"/> (the
    /// state row's, read before the window), the window must reach the head: the record with the head's sequence has
    /// the head's hash, and nothing older than the head is the newest.
    /// Without it, any window is checked on its own. Returns null when intact, else what is broken.
    /// </summary>
    public static string? Verify(IReadOnlyList<AuditRecord> newestFirst, AuditHead? head = null)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        if (newestFirst.FirstOrDefault(r => r.Sequence is null && (r.Kind != AuditKind.CycleSkipped || r.Hash is not null || r.PreviousHash is not null)) is { } stray)
        {
            return $"an unchained {stray.Kind} record at {stray.At:O} is in the trail; only skipped cycles are written unchained.";
        }

        var chained = newestFirst.Where(r => r.Sequence is not null).ToList();
        if (head is { Sequence: > 0 } expected)
        {
            if (chained.Count == 0)
            {
                return newestFirst.Count == 0 ? $"the state row's head is #{expected.Sequence} but the trail is empty." : null;
            }

            // Read the state row first: records sealed after it was read may sit above the head, never below it.
            if (chained[0].Sequence < expected.Sequence)
            {
                return $"the newest chained record is #{chained[0].Sequence} but the state row's head is #{expected.Sequence}.";
            }

            if (chained.FirstOrDefault(r => r.Sequence == expected.Sequence) is { } atHead && atHead.Hash != expected.Hash)
            {
                return $"record #{expected.Sequence} does not match the head in the state row.";
            }
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

    /// <summary>The record's fields, each length-prefixed, hashed at once (SHA-256 of the concatenation).</summary>
    private static string Hash(AuditRecord record)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Field(buffer, Version);
        Field(buffer, record.Sequence?.ToString(CultureInfo.InvariantCulture));
        Field(buffer, record.PreviousHash);
        Field(buffer, record.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(buffer, record.Kind.ToString());
        Field(buffer, record.Actor);
        Field(buffer, record.Message);
        var data = record.Data ?? EmptyData;
        Field(buffer, data.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var key in data.Keys.Order(StringComparer.Ordinal))
        {
            Field(buffer, key);
            Field(buffer, data[key]);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>A length-prefixed field (−1 for null): no text can move between fields without changing the hash.</summary>
    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        var length = value is null ? -1 : Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        if (value is not null)
        {
            buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
        }
    }
}

/// <summary>
/// How a change's audit records are sealed before they are committed: <see cref="AuditChain.Seal"/> (numbered and
/// hash-chained) unless a ledger that keeps no trail says otherwise (a backtest's, which only counts its records).
/// </summary>
public interface IAuditSeal
{
    LedgerChange Seal(LedgerChange change);
}

/// <summary>The head of the chain as the state row holds it.</summary>
public readonly record struct AuditHead(long Sequence, string? Hash)
{
    public static AuditHead Of(RiskState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new AuditHead(state.AuditSequence, state.AuditHead);
    }
}
