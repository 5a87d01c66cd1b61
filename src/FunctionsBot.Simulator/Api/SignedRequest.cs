using System.Security.Cryptography;
using System.Text;
using FunctionsBot.Simulator.Market;
using FunctionsBot.Simulator.Trading;

namespace FunctionsBot.Simulator.Api;

/// <summary>
/// Binance's checks on a SIGNED request, in its order: the API key header (-2014 missing/garbled,
/// -2015 unknown), the signature over query string + body as sent (-1022: HMAC-SHA256 hex, or Ed25519 / RSA
/// base64 against the registered public key), and the
/// timestamp window (-1021).
/// </summary>
internal static class SignedRequest
{
    public static void Verify(HttpRequest request, string body, IReadOnlyDictionary<string, string> parameters, SimulatorOptions options, SimClock clock)
    {
        var key = request.Headers["X-MBX-APIKEY"].ToString();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw new SimError(401, -2014, "API-key format invalid.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(options.ApiKey)))
        {
            throw new SimError(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var (payload, signature) = SplitSignature(query, body);
        if (signature is null)
        {
            throw SimError.BadRequest(-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }

        if (!(options.ApiPublicKey.Length > 0 ? PublicKeySignature.Verify(options.ApiPublicKey, payload, signature) : HmacMatches(options.ApiSecret, payload, signature)))
        {
            throw SimError.BadRequest(-1022, "Signature for this request is not valid.");
        }

        if (!parameters.TryGetValue("timestamp", out var ts) || !long.TryParse(ts, out var timestamp))
        {
            throw SimError.BadRequest(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }

        var recvWindow = parameters.TryGetValue("recvWindow", out var rw) && long.TryParse(rw, out var w) ? w : 5000;
        if (recvWindow > 60_000)
        {
            throw SimError.BadRequest(-1131, "recvWindow must be less than 60000");
        }

        var server = clock.ServerNowMs;
        if (timestamp >= server + 1000)
        {
            throw SimError.BadRequest(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }

        if (server - timestamp > recvWindow)
        {
            throw SimError.BadRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
        }
    }

    /// <summary>HMAC signatures are hex and case-insensitive.</summary>
    private static bool HmacMatches(string secret, string payload, string signature)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    /// <summary>Removes <c>signature=…</c> from wherever it is and joins query string and body without a separator.</summary>
    private static (string Payload, string? Signature) SplitSignature(string query, string body)
    {
        string? signature = null;
        string Strip(string text)
        {
            var parts = text.Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
            var index = parts.FindIndex(p => p.StartsWith("signature=", StringComparison.Ordinal));
            if (index >= 0)
            {
                signature = parts[index]["signature=".Length..];
                parts.RemoveAt(index);
            }

            return string.Join('&', parts);
        }

        var q = Strip(query);
        var b = Strip(body);
        return (q + b, signature);
    }
}
