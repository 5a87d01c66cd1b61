using System.Security.Cryptography;

namespace FunctionsBot.Testing;

/// <summary>Asymmetric Binance keys for tests: a fixed Ed25519 pair (RFC 8032 §7.1, test 2) and fresh RSA pairs.</summary>
public static class TestKeys
{
    /// <summary>RFC 8032 test 2's secret key <c>4ccd089b…a6fb</c> as PKCS#8 PEM.</summary>
    public const string Ed25519Private = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n-----END PRIVATE KEY-----\n";

    /// <summary>Its public key <c>3d4017c3…660c</c> as SubjectPublicKeyInfo PEM, the form Binance registers.</summary>
    public const string Ed25519Public = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAPUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=\n-----END PUBLIC KEY-----\n";

    /// <summary>A new RSA pair: PKCS#8 private PEM and SubjectPublicKeyInfo public PEM.</summary>
    public static (string Private, string Public) Rsa(int bits = 2048)
    {
        using var rsa = RSA.Create(bits);
        return (rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }
}
