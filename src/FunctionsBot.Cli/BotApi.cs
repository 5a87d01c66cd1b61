using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionsBot.Cli;

/// <summary>
/// The bot's HTTP API at one base URL, with the function key in <c>x-functions-key</c> (never printed). Every reply
/// is read as JSON; a failure to connect or a reply that is not JSON becomes a <see cref="CliException"/>.
/// </summary>
internal sealed class BotApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly List<JsonElement> _replies = [];

    private BotApi(HttpClient http) => _http = http;

    public Uri BaseAddress => _http.BaseAddress!;

    public static BotApi Create(string? url, string? key, TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new CliException(ExitCodes.Usage, "No bot URL: pass --url or set FUNCTIONSBOT_URL (for example https://func-bot.azurewebsites.net).");
        }

        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--url / FUNCTIONSBOT_URL = '{url}': must be an absolute http or https URL.");
        }

        if (baseAddress.Scheme == "http" && !baseAddress.IsLoopback)
        {
            // The function key travels in a header: over plain http to another host anyone on the way can read it.
            throw new CliException(ExitCodes.Usage, $"--url / FUNCTIONSBOT_URL = '{url}': http:// is only for this machine (localhost); use https:// so the function key is not sent in clear text.");
        }

        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return new BotApi(http);
    }

    public Task<Reply> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<Reply> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the bot at {BaseAddress}: {(ex is TaskCanceledException ? "no answer in time" : ex.Message)}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new CliException(ExitCodes.Problem, $"{method} /{path}: 401, the function key is missing or wrong (--key-file or FUNCTIONSBOT_KEY).");
            }

            try
            {
                using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
                var reply = document.RootElement.Clone();
                _replies.Add(reply);
                return new Reply(response.StatusCode, reply, text);
            }
            catch (JsonException)
            {
                throw new CliException(ExitCodes.Critical, $"{method} /{path}: HTTP {(int)response.StatusCode} with a body that is not JSON; is {BaseAddress} the bot?");
            }
        }
    }

    /// <summary>Every reply of this run as the bot sent it, indented: the one reply, or an array of them in order.</summary>
    public string RepliesAsJson() =>
        JsonSerializer.Serialize(_replies.Count == 1 ? _replies[0] : JsonSerializer.SerializeToElement(_replies), Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Dispose() => _http.Dispose();

    /// <summary>A JSON reply and its status.</summary>
    internal sealed record Reply(HttpStatusCode Status, JsonElement Body, string Text)
    {
        /// <summary>The body of a 2xx reply; otherwise the problem's detail and errors as a <see cref="CliException"/> (4xx: 1, 5xx: 2).</summary>
        public JsonElement Ok()
        {
            var status = (int)Status;
            if (status is >= 200 and < 300)
            {
                return Body;
            }

            var detail = Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var d) ? d.GetString() : Text;
            var errors = Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(x => "  - " + x.GetString()).ToList()
                : [];
            throw new CliException(status >= 500 ? ExitCodes.Critical : ExitCodes.Problem, string.Join(Environment.NewLine, [$"HTTP {status}: {detail}", .. errors]));
        }
    }
}

/// <summary>What the CLI's exit code means; <c>health</c> maps Healthy, Degraded and Unhealthy onto the first three.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Degraded; or the bot refused the request (4xx), or a person did not confirm.</summary>
    public const int Problem = 1;

    /// <summary>Unhealthy; or the bot failed (5xx) or answered something that is not the bot; or the audit chain is broken.</summary>
    public const int Critical = 2;

    /// <summary>The bot could not be reached (no connection, no answer in time).</summary>
    public const int Unreachable = 3;

    /// <summary>The command line was wrong (EX_USAGE): an unknown option, a bad value, no URL, http:// to another host.</summary>
    public const int Usage = 64;
}

/// <summary>A failure the CLI reports in one message with its exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
