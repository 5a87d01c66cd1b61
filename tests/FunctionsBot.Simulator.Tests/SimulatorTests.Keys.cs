using System.Security.Cryptography;
using System.Text;
using FunctionsBot.Testing;
using NSec.Cryptography;

namespace FunctionsBot.Simulator.Tests;

/// <summary>Asymmetric API keys: the simulator verifies Ed25519 and RSA signatures against the registered public key, as Binance does.</summary>
public sealed partial class SimulatorTests
{
    private const string AsymmetricKey = "asymmetric-api-key";

    [Fact]
    public async Task Ed25519Key_SignedWithItsPrivateKey_Accepted_AnyOtherSignature_Minus1022()
    {
        await _simulator.SetPublicKeyAsync(AsymmetricKey, TestKeys.Ed25519Public);
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(TestKeys.Ed25519Private), KeyBlobFormat.PkixPrivateKeyText);
        string Sign(string payload) => Uri.EscapeDataString(Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(payload))));

        var (ok, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: AsymmetricKey, signWith: Sign);
        var (otherPayload, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: AsymmetricKey, signWith: p => Sign(p + "&x=1"));
        var (hmac, hmacBody, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: AsymmetricKey);

        Assert.Equal(200, ok);
        Assert.Equal((400, -1022), (otherPayload, body.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1022), (hmac, hmacBody.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task RsaKey_Pkcs1Sha256_Accepted_Pss_Minus1022()
    {
        var (privatePem, publicPem) = TestKeys.Rsa();
        await _simulator.SetPublicKeyAsync(AsymmetricKey, publicPem);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privatePem);
        Func<string, string> sign(RSASignaturePadding padding) =>
            payload => Uri.EscapeDataString(Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes(payload), HashAlgorithmName.SHA256, padding)));

        var (pkcs1, _, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: AsymmetricKey, signWith: sign(RSASignaturePadding.Pkcs1));
        var (pss, body, _) = await _raw.SendAsync(HttpMethod.Get, "api/v3/account", string.Empty, apiKey: AsymmetricKey, signWith: sign(RSASignaturePadding.Pss));

        Assert.Equal(200, pkcs1);
        Assert.Equal((400, -1022), (pss, body.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task RegisteringAnRsa1024OrGarbledPublicKey_Refused()
    {
        var small = await Record.ExceptionAsync(() => _simulator.SetPublicKeyAsync(AsymmetricKey, TestKeys.Rsa(1024).Public));
        var garbled = await Record.ExceptionAsync(() => _simulator.SetPublicKeyAsync(AsymmetricKey, TestKeys.Ed25519Public.Replace("MCow", "MCox", StringComparison.Ordinal)));

        Assert.Contains("400", Assert.IsType<HttpRequestException>(small).Message, StringComparison.Ordinal);
        Assert.Contains("400", Assert.IsType<HttpRequestException>(garbled).Message, StringComparison.Ordinal);
    }
}
