using System.Security.Cryptography;
using System.Text;
using FunctionsBot.Binance.Configuration;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FunctionsBot.Binance.Signing;

/// <summary>
/// Signs a request as Binance specifies: over the exact query string concatenated with the body (no separator), values
/// percent-encoded before signing. HMAC-SHA256 signatures are hex; Ed25519 and RSA (RSASSA-PKCS1-v1_5, SHA-256)
/// signatures are base64, percent-encoded for the query string. The key type is the configured one, or detected from
/// the secret: a PEM private key is asymmetric (its PKCS#8 algorithm says which), anything else is an HMAC secret.
/// Ed25519 uses BouncyCastle (managed, no native library to ship); RSA uses .NET's own.
/// </summary>
internal abstract class BinanceSigner
{
    private const string PemBegin = "-----BEGIN ";

    public abstract BinanceKeyType KeyType { get; }

    /// <summary>The signature of <paramref name="queryString"/> + <paramref name="body"/>, ready to append as <c>signature=</c>.</summary>
    public abstract string Sign(string queryString, string body = "");

    /// <summary>
    /// The signer for <paramref name="secret"/>. Throws <see cref="InvalidSigningKeyException"/> (which never contains the
    /// key) when the secret is not a key of the type asked, or not a PKCS#8 private key where one is needed.
    /// </summary>
    public static BinanceSigner For(string secret, BinanceKeyType type = BinanceKeyType.Auto)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var pem = secret.TrimStart().StartsWith(PemBegin, StringComparison.Ordinal);
        if (type == BinanceKeyType.Hmac || (type == BinanceKeyType.Auto && !pem))
        {
            return pem
                ? throw new InvalidSigningKeyException("it is a PEM private key, but the key type is Hmac; set the key type to Ed25519 or Rsa, or Auto")
                : secret.Length == 0 ? throw new InvalidSigningKeyException("it is empty") : new Hmac(secret);
        }

        if (!pem)
        {
            throw new InvalidSigningKeyException($"a {type} key must be a PKCS#8 private key in PEM form (-----BEGIN PRIVATE KEY-----)");
        }

        AsymmetricKeyParameter key;
        try
        {
            key = PrivateKeyFactory.CreateKey(Der(secret));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or IOException or SecurityUtilityException or InvalidCastException)
        {
            throw new InvalidSigningKeyException("it is not a readable PKCS#8 private key (malformed PEM)");
        }

        BinanceSigner signer = key switch
        {
            Ed25519PrivateKeyParameters ed25519 => new Ed25519(ed25519),
            RsaPrivateCrtKeyParameters rsa when rsa.Modulus.BitLength is >= 2048 and <= 4096 => new Rsa(rsa),
            RsaPrivateCrtKeyParameters rsa => throw new InvalidSigningKeyException($"its RSA key has {rsa.Modulus.BitLength} bits; Binance takes 2048 to 4096"),
            _ => throw new InvalidSigningKeyException($"its algorithm ({key.GetType().Name.Replace("PrivateKeyParameters", string.Empty, StringComparison.Ordinal)}) is neither Ed25519 nor RSA"),
        };
        return type == BinanceKeyType.Auto || type == signer.KeyType
            ? signer
            : throw new InvalidSigningKeyException($"it is an {signer.KeyType} private key, but the key type is {type}");
    }

    /// <summary><c>k=v&amp;k2=v2</c> in the given order, keys and values percent-encoded (UTF-8).</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>
    /// The DER bytes of a PEM block. Tolerates what a paste into a single-line secret field leaves: the line breaks of
    /// the base64 turned into spaces or into literal <c>\n</c>.
    /// </summary>
    private static byte[] Der(string pem)
    {
        var text = pem.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        var headerEnd = text.IndexOf("-----", PemBegin.Length, StringComparison.Ordinal);
        var footer = text.IndexOf("-----END ", StringComparison.Ordinal);
        if (headerEnd < 0 || footer < headerEnd)
        {
            throw new FormatException("no PEM footer");
        }

        var label = text[PemBegin.Length..headerEnd];
        if (label != "PRIVATE KEY")
        {
            throw new FormatException("not PKCS#8");
        }

        var body = new string(text[(headerEnd + 5)..footer].Where(c => !char.IsWhiteSpace(c)).ToArray());
        return Convert.FromBase64String(body);
    }

    private static byte[] Payload(string queryString, string body) => Encoding.UTF8.GetBytes(queryString + body);

    private static string Base64Url(byte[] signature) => Uri.EscapeDataString(Convert.ToBase64String(signature));

    private sealed class Hmac(string secret) : BinanceSigner
    {
        private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

        public override BinanceKeyType KeyType => BinanceKeyType.Hmac;

        public override string Sign(string queryString, string body = "") => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Payload(queryString, body)));
    }

    private sealed class Ed25519(Ed25519PrivateKeyParameters key) : BinanceSigner
    {
        public override BinanceKeyType KeyType => BinanceKeyType.Ed25519;

        public override string Sign(string queryString, string body = "")
        {
            var payload = Payload(queryString, body);
            var signer = new Ed25519Signer();
            signer.Init(forSigning: true, key);
            signer.BlockUpdate(payload, 0, payload.Length);
            return Base64Url(signer.GenerateSignature());
        }
    }

    private sealed class Rsa : BinanceSigner
    {
        private readonly RSA _rsa;

        public Rsa(RsaPrivateCrtKeyParameters key)
        {
            _rsa = RSA.Create();
            _rsa.ImportParameters(DotNetUtilities.ToRSAParameters(key));
        }

        public override BinanceKeyType KeyType => BinanceKeyType.Rsa;

        public override string Sign(string queryString, string body = "") =>
            Base64Url(_rsa.SignData(Payload(queryString, body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}

/// <summary>The configured secret cannot sign for the key type. The message says why and never contains the key.</summary>
public sealed class InvalidSigningKeyException(string reason) : Exception(reason);
