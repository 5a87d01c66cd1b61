using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Tests.Ledger;

/// <summary>
/// The chain's hash format stays what every stored trail was sealed with: SHA-256 over length-prefixed fields, recomputed
/// here field by field with <see cref="IncrementalHash"/>, apart from the production code (which hashes one buffer at once).
/// </summary>
public sealed class AuditChainFormatTests
{
    [Fact]
    public void Seal_HashesTheSameBytesAsTheStoredFormat()
    {
        var at = new DateTimeOffset(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);
        var records = new[]
        {
            new AuditRecord(at, AuditKind.CycleCompleted, "system", "Cycle Completed.", new Dictionary<string, string> { ["outcome"] = "Completed", ["durationMs"] = "12" }),
            new AuditRecord(at.AddSeconds(1), AuditKind.RiskRefused, "system", "BTCUSDT refused — größer als erlaubt ✓", null),
        };

        var sealedChange = AuditChain.Seal(new LedgerChange(RiskState.Initial("main"), null, records));

        string? previous = null;
        for (var i = 0; i < records.Length; i++)
        {
            var expected = Independent(records[i], i + 1, previous);
            Assert.Equal(expected, sealedChange.Audit[i].Hash);
            previous = expected;
        }

        Assert.Equal(previous, sealedChange.State.AuditHead);
    }

    private static string Independent(AuditRecord record, long sequence, string? previous)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(string? value)
        {
            var length = new byte[4];
            var bytes = value is null ? [] : Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteInt32BigEndian(length, value is null ? -1 : bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        Field("audit-chain/2");
        Field(sequence.ToString(CultureInfo.InvariantCulture));
        Field(previous);
        Field(record.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(record.Kind.ToString());
        Field(record.Actor);
        Field(record.Message);
        var data = (record.Data ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Field(data.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in data)
        {
            Field(key);
            Field(value);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
