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
