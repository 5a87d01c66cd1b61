using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace FunctionsBot.Simulator.Api;

/// <summary>
/// Binance's check of an asymmetric key's signature: the <c>signature</c> parameter percent-decoded and base64-decoded,
/// verified over the payload with the registered public key. Ed25519 with NSec (libsodium); RSA as RSASSA-PKCS1-v1_5
/// with SHA-256 (PSS is not accepted). Shares nothing with the bot's signer.
/// </summary>
internal static class PublicKeySignature
{
    public static bool Verify(string publicKeyPem, string payload, string signature)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Uri.UnescapeDataString(signature));
        }
        catch (FormatException)
        {
            return false;
        }

        var data = Encoding.UTF8.GetBytes(payload);
        var pem = Encoding.ASCII.GetBytes(publicKeyPem);
        if (PublicKey.TryImport(SignatureAlgorithm.Ed25519, pem, KeyBlobFormat.PkixPublicKeyText, out var ed25519))
        {
            return SignatureAlgorithm.Ed25519.Verify(ed25519!, data, bytes);
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return rsa.VerifyData(data, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Whether <paramref name="publicKeyPem"/> is a public key Binance would register (Ed25519, or RSA of 2048 to 4096 bits).</summary>
    public static bool IsValid(string publicKeyPem)
    {
        if (PublicKey.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out _))
        {
            return true;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(publicKeyPem);
            return rsa.KeySize is >= 2048 and <= 4096;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
