using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FunctionsBot.Testing;

/// <summary>
/// The fake Telegram Bot API and webhook receiver (tests/FunctionsBot.FakeAlertReceivers) as a real process on
/// loopback, and what they received.
/// </summary>
public sealed class FakeAlertReceiversProcess : IAsyncDisposable
{
    /// <summary>The bot token the fake Telegram accepts (shaped like BotFather's).</summary>
    public const string Token = "123456789:AAFakeTelegramTokenForLoopbackTests_x";

    private readonly ChildProcess _process;

    private FakeAlertReceiversProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Admin { get; }

    public Uri WebhookUrl => new(BaseAddress, "webhook");

    public static async Task<FakeAlertReceiversProcess> StartAsync()
    {
        var (process, ready) = await ChildProcess.StartBuiltAppAsync(
            "FunctionsBot.FakeAlertReceivers", @"Fake alert receivers: (http://\S+)", new Dictionary<string, string?> { ["FAKE_TELEGRAM_TOKEN"] = Token });
        return new FakeAlertReceiversProcess(process, new Uri(ready.Groups[1].Value + "/"));
    }

    /// <summary>The settings that point a bot at these receivers.</summary>
    public IEnumerable<(string Key, string Value)> BotSettings(string chatId = "4242") =>
    [
        ("Alerts__WebhookUrl", WebhookUrl.ToString()),
        ("Alerts__Telegram__ApiBaseUrl", BaseAddress.ToString()),
        ("Alerts__Telegram__BotToken", Token),
        ("Alerts__Telegram__ChatId", chatId),
    ];

    /// <summary>Everything received, oldest first: receiver ("webhook" or "telegram") and the body.</summary>
    public async Task<IReadOnlyList<(string Receiver, JsonObject Body)>> ReceivedAsync() =>
        ((await Admin.GetFromJsonAsync<JsonArray>("received")) ?? [])
        .Select(n => ((string)n!["receiver"]!, n["body"]!.AsObject())).ToList();

    /// <summary>
    /// The messages of one alert kind, once at least <paramref name="expected"/> arrived or <paramref name="wait"/> ran out
    /// (a message the bot holds back for its per-minute cap or a retry arrives later, not never).
    /// </summary>
    public async Task<List<(string Receiver, JsonObject Body)>> ReceivedAsync(string kind, int expected, TimeSpan wait)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var messages = (await ReceivedAsync()).Where(r => Kind(r.Body) == kind).ToList();
            if (messages.Count >= expected || DateTimeOffset.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The alert kind a message names: the webhook's <c>kind</c>, or the third word of the Telegram text.</summary>
    public static string Kind(JsonObject body) =>
        (string?)body["kind"] ?? ((string)body["text"]!).Split(' ', 4)[2];

    /// <summary>Both receivers answer <paramref name="status"/> (0: normal again).</summary>
    public async Task SetDownAsync(int status)
    {
        using var response = await Admin.PostAsJsonAsync("admin/down", new { status });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _process.DisposeAsync();
    }
}
