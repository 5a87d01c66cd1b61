using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FunctionsBot.FakeKeyVault;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// A local stand-in for Azure Key Vault's secrets REST API, over HTTPS with a certificate made at start-up:
// the bearer challenge the real SecretClient expects, Get Secret (latest or a version) and Set Secret
// (a new version, as a rotation in the portal makes). Admin endpoints count reads and inject failures.
using var certificate = SelfSigned();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
builder.Services.AddSingleton<SecretStore>();

var app = builder.Build();
app.MapPost("/admin/fail", (FailRequest request, SecretStore store) =>
{
    store.FailNext(request.Status, request.Count);
    return Results.NoContent();
});
app.MapGet("/admin/stats", (SecretStore store) => Results.Json(store.Reads()));

app.Use(async (context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/admin"))
    {
        await next(context);
        return;
    }

    // The challenge: a request without a bearer token gets 401 and the authority to get one from.
    if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
    {
        context.Response.StatusCode = 401;
        context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";
        await context.Response.WriteAsJsonAsync(Error("Unauthorized", "Request is missing a Bearer or PoP token."));
        return;
    }

    if (context.RequestServices.GetRequiredService<SecretStore>().TakeFailure() is { } status)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(Error(status == 403 ? "Forbidden" : "ServiceUnavailable", $"Injected failure {status}."));
        return;
    }

    await next(context);
});

app.MapGet("/secrets/{name}/{version?}", (HttpContext context, string name, string? version, SecretStore store) =>
    store.Get(name, version) is { } secret
        ? Results.Json(Bundle(context, name, secret))
        : Results.Json(Error("SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault."), statusCode: 404));

app.MapPut("/secrets/{name}", async (HttpContext context, string name, SecretStore store) =>
{
    var body = await JsonNode.ParseAsync(context.Request.Body);
    if (body?["value"]?.GetValue<string>() is not { } value)
    {
        return Results.Json(Error("BadParameter", "The request body must hold a 'value'."), statusCode: 400);
    }

    return Results.Json(Bundle(context, name, store.Set(name, value)));
});

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"Fake Key Vault: {address}/ certificate {certificate.Thumbprint}");
await app.WaitForShutdownAsync();

static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

static JsonObject Bundle(HttpContext context, string name, StoredSecret secret) => new()
{
    ["value"] = secret.Value,
    ["id"] = $"https://{context.Request.Host}/secrets/{name}/{secret.Version}",
    ["attributes"] = new JsonObject
    {
        ["enabled"] = true,
        ["created"] = secret.Created.ToUnixTimeSeconds(),
        ["updated"] = secret.Created.ToUnixTimeSeconds(),
        ["recoveryLevel"] = "Recoverable+Purgeable",
    },
};

static X509Certificate2 SelfSigned()
{
    using var key = RSA.Create(2048);
    var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    var names = new SubjectAlternativeNameBuilder();
    names.AddIpAddress(IPAddress.Loopback);
    names.AddDnsName("localhost");
    request.CertificateExtensions.Add(names.Build());
    request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
    using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
}

internal sealed record FailRequest(int Status, int Count);
