using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Local stand-ins for the two alert receivers, recording what they get:
// - Telegram's Bot API: POST /bot{token}/sendMessage with {chat_id, text}; a token other than FAKE_TELEGRAM_TOKEN
//   gets Telegram's 401 {"ok":false,"error_code":401,"description":"Unauthorized"}.
// - A webhook: POST /webhook with any JSON body.
// Admin: GET /received (everything recorded), POST /admin/down {"status":503} makes both answer that status
// (0 restores them), POST /admin/delay {"ms":…} delays every answer.
var token = Environment.GetEnvironmentVariable("FAKE_TELEGRAM_TOKEN") ?? throw new InvalidOperationException("Set FAKE_TELEGRAM_TOKEN.");
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
var app = builder.Build();
var received = new ConcurrentQueue<JsonObject>();
var down = 0;
var delayMs = 0;

app.MapGet("/received", () => Results.Json(received.ToArray()));
app.MapPost("/admin/down", (JsonObject body) =>
{
    down = (int?)body["status"] ?? 0;
    return Results.NoContent();
});
app.MapPost("/admin/delay", (JsonObject body) =>
{
    delayMs = (int?)body["ms"] ?? 0;
    return Results.NoContent();
});
app.MapPost("/webhook", async (HttpRequest request) =>
{
    await Task.Delay(delayMs);
    if (down != 0)
    {
        return Results.StatusCode(down);
    }

    var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
    received.Enqueue(new JsonObject { ["receiver"] = "webhook", ["at"] = DateTimeOffset.UtcNow, ["body"] = body });
    return Results.NoContent();
});
app.MapPost("/bot{key}/sendMessage", async (string key, HttpRequest request) =>
{
    await Task.Delay(delayMs);
    if (down != 0)
    {
        return Results.Json(new { ok = false, error_code = down, description = "Service Unavailable" }, statusCode: down);
    }

    if (key != token)
    {
        return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
    }

    var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
    if (body?["chat_id"] is null || body["text"] is null)
    {
        return Results.Json(new { ok = false, error_code = 400, description = "Bad Request: message text is empty" }, statusCode: 400);
    }

    received.Enqueue(new JsonObject { ["receiver"] = "telegram", ["at"] = DateTimeOffset.UtcNow, ["body"] = body });
    var chatId = long.TryParse(body["chat_id"]!.ToString(), out var id) ? id : 0;
    return Results.Json(new { ok = true, result = new { message_id = received.Count, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat = new { id = chatId, type = "private" }, text = (string?)body["text"] } });
});

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"Fake alert receivers: {address}");
await app.WaitForShutdownAsync();
