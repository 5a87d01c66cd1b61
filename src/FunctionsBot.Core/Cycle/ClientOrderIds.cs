using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// Deterministic client order ids: <c>fb{account hash}-{position}-e|x[n]|p{n}[s|t]</c>, at most 36 characters of
/// <c>[A-Za-z0-9-_]</c>. Written in the intent before the order is sent, so the order can always be found.
/// </summary>
public static class ClientOrderIds
{
    public static string Prefix(string account) =>
        "fb" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..8] + "-";

    public static string Entry(string account, long sequence) => Prefix(account) + sequence.ToString(CultureInfo.InvariantCulture) + "-e";

    /// <summary>The <paramref name="attempt"/>-th protective order list of a position: <c>-p1</c>, <c>-p2</c> … (its legs append <c>s</c> and <c>t</c>).</summary>
    public static string ProtectionList(string account, long sequence, int attempt) => ProtectionListWithPrefix(Prefix(account), sequence, attempt);

    /// <summary><see cref="ProtectionList"/> from the account's <see cref="Prefix"/> already computed.</summary>
    public static string ProtectionListWithPrefix(string prefix, long sequence, int attempt) =>
        prefix + sequence.ToString(CultureInfo.InvariantCulture) + "-p" + attempt.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="attempt"/>-th exit order of a position: <c>-x</c>, then <c>-x2</c>, <c>-x3</c> … (a partly filled exit leaves a rest to sell).</summary>
    public static string Exit(string account, long sequence, int attempt = 1) =>
        Prefix(account) + sequence.ToString(CultureInfo.InvariantCulture) + (attempt <= 1 ? "-x" : "-x" + attempt.ToString(CultureInfo.InvariantCulture));
}
