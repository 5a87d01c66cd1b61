using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Signing;
using FunctionsBot.Testing;
using NSec.Cryptography;

namespace FunctionsBot.Binance.Tests.Signing;

/// <summary>
/// Ed25519 and RSA signatures, each checked by an implementation other than the signer (BouncyCastle signs Ed25519; NSec
/// and Node's crypto verify it; RSA is verified with the public key by .NET and by Node), and the key checks that refuse
/// a secret without ever repeating it.
/// </summary>
public sealed class AsymmetricSignerTests
{
    private const string Payload = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000";

    [Fact]
    public void Ed25519_Rfc8032Test2_ReproducesTheRfcSignature()
    {
        // RFC 8032 §7.1 TEST 2: the one-byte message 0x72 ("r") under the test's secret key.
        var signer = BinanceSigner.For(TestKeys.Ed25519Private);

        Assert.Equal(BinanceKeyType.Ed25519, signer.KeyType);
        Assert.Equal(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            Convert.ToHexStringLower(Convert.FromBase64String(Uri.UnescapeDataString(signer.Sign("r")))));
    }

    [Fact]
    public void Ed25519_RequestSignature_VerifiedByNSecAndRejectedForAnotherPayload()
    {
        var signature = BinanceSigner.For(TestKeys.Ed25519Private, BinanceKeyType.Ed25519).Sign(Payload);
        var bytes = Convert.FromBase64String(Uri.UnescapeDataString(signature));
        var publicKey = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(TestKeys.Ed25519Public), KeyBlobFormat.PkixPublicKeyText);

        Assert.Equal(64, bytes.Length);
        Assert.DoesNotContain('+', signature);
        Assert.DoesNotContain('/', signature);
        Assert.DoesNotContain('=', signature);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(Payload), bytes));
        Assert.False(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(Payload + "0"), bytes));
    }

    [Fact]
    public async Task Ed25519AndRsa_VerifiedByNodeCrypto()
    {
        var (rsaPrivate, rsaPublic) = TestKeys.Rsa();
        var ed25519 = Uri.UnescapeDataString(BinanceSigner.For(TestKeys.Ed25519Private).Sign(Payload));
        var rsa = Uri.UnescapeDataString(BinanceSigner.For(rsaPrivate).Sign(Payload));

        Assert.Equal("true true false", await NodeVerifyAsync(
            (TestKeys.Ed25519Public, Payload, ed25519, false), (rsaPublic, Payload, rsa, true), (rsaPublic, Payload + "&x=1", rsa, true)));
    }

    [Fact]
    public void Rsa_Pkcs1Sha256_VerifiedWithThePublicKey()
    {
        var (privatePem, publicPem) = TestKeys.Rsa(4096);
        var signer = BinanceSigner.For(privatePem);
        var bytes = Convert.FromBase64String(Uri.UnescapeDataString(signer.Sign("symbol=BTCUSDT&side=BUY", "&quantity=1")));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicPem);

        Assert.Equal(BinanceKeyType.Rsa, signer.KeyType);
        Assert.Equal(512, bytes.Length);
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes("symbol=BTCUSDT&side=BUY&quantity=1"), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(rsa.VerifyData(Encoding.UTF8.GetBytes("symbol=BTCUSDT&side=BUY&quantity=1"), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void PemPastedOnOneLine_StillReadsAsTheSameKey()
    {
        var oneLine = TestKeys.Ed25519Private.Replace("\n", " ", StringComparison.Ordinal);
        var escaped = TestKeys.Ed25519Private.Replace("\n", "\\n", StringComparison.Ordinal);

        Assert.Equal(BinanceSigner.For(TestKeys.Ed25519Private).Sign(Payload), BinanceSigner.For(oneLine).Sign(Payload));
        Assert.Equal(BinanceSigner.For(TestKeys.Ed25519Private).Sign(Payload), BinanceSigner.For(escaped).Sign(Payload));
    }

    public static TheoryData<string, BinanceKeyType, string> Refused => new()
    {
        { TestKeys.Ed25519Private, BinanceKeyType.Hmac, "it is a PEM private key, but the key type is Hmac" },
        { TestKeys.Ed25519Private, BinanceKeyType.Rsa, "it is an Ed25519 private key, but the key type is Rsa" },
        { "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", BinanceKeyType.Ed25519, "must be a PKCS#8 private key in PEM form" },
        { "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEzNCJso/5ban!!DRuwRTg9bijGfNaumJNqM9u1PuKb7\n-----END PRIVATE KEY-----", BinanceKeyType.Auto, "malformed PEM" },
        { "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7", BinanceKeyType.Auto, "malformed PEM" },
        { "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----", BinanceKeyType.Auto, "malformed PEM" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void WrongTypeOrMalformedKey_RefusedWithAReasonThatNeverHoldsTheKey(string secret, BinanceKeyType type, string reason)
    {
        var refused = Assert.Throws<InvalidSigningKeyException>(() => BinanceSigner.For(secret, type));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MC4CAQAw", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NhqPtmd", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa1024_RefusedAsBinanceTakes2048To4096Bits()
    {
        var refused = Assert.Throws<InvalidSigningKeyException>(() => BinanceSigner.For(TestKeys.Rsa(1024).Private));

        Assert.Equal("its RSA key has 1024 bits; Binance takes 2048 to 4096", refused.Message);
    }

    [Fact]
    public void StartUpValidation_MalformedPem_NamesTheSettingAndNotTheKey()
    {
        var problems = new BinanceOptions { ApiSecret = TestKeys.Ed25519Private, KeyType = BinanceKeyType.Rsa }.Validate().ToList();

        var problem = Assert.Single(problems);
        Assert.StartsWith("Binance__ApiSecret (Binance__KeyType = 'Rsa'): it is an Ed25519 private key", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("MC4CAQAw", problem, StringComparison.Ordinal);
        Assert.Empty(new BinanceOptions { ApiSecret = TestKeys.Ed25519Private }.Validate());
    }

    /// <summary>Runs Node's <c>crypto.verify</c> on each (public key PEM, payload, base64 signature, RSA?) and returns its answers.</summary>
    private static async Task<string> NodeVerifyAsync(params (string PublicKey, string Payload, string Signature, bool Rsa)[] checks)
    {
        const string Script = """
            const crypto = require('crypto');
            let input = '';
            process.stdin.on('data', d => input += d).on('end', () => {
              const answers = JSON.parse(input).map(c => crypto.verify(c.rsa ? 'sha256' : null, Buffer.from(c.payload), crypto.createPublicKey(c.publicKey), Buffer.from(c.signature, 'base64')));
              process.stdout.write(answers.join(' '));
            });
            """;
        using var node = Process.Start(new ProcessStartInfo("node", ["-e", Script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await node.StandardInput.WriteAsync(System.Text.Json.JsonSerializer.Serialize(checks.Select(c => new { publicKey = c.PublicKey, payload = c.Payload, signature = c.Signature, rsa = c.Rsa })));
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        return output;
    }
}
