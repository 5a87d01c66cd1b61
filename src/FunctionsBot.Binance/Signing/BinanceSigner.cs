using System.Security.Cryptography;
using System.Text;

namespace FunctionsBot.Binance.Signing;

/// <summary>
/// HMAC-SHA256 signatures as Binance specifies: over the exact query string concatenated with the
/// body (no separator), hex-encoded; values percent-encoded before signing.
/// </summary>
internal static class BinanceSigner
{
    public static string Sign(string secret, string queryString, string body = "")
    {
        ArgumentNullException.ThrowIfNull(secret);
        var payload = Encoding.UTF8.GetBytes(queryString + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    }

    /// <summary><c>k=v&amp;k2=v2</c> in the given order, keys and values percent-encoded (UTF-8).</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
