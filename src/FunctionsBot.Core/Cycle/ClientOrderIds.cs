using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// Deterministic client order ids: <c>fb{account hash}-{position}-e|x</c>, at most 36 characters of
/// <c>[A-Za-z0-9-_]</c>. Written in the intent before the order is sent, so the order can always be found.
/// </summary>
public static class ClientOrderIds
{
    public static string Prefix(string account) =>
        "fb" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..8] + "-";

    public static string Entry(string account, long sequence) => Prefix(account) + sequence.ToString(CultureInfo.InvariantCulture) + "-e";

    public static string Exit(string account, long sequence) => Prefix(account) + sequence.ToString(CultureInfo.InvariantCulture) + "-x";
}
