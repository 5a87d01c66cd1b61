using System.Net.Http.Json;
using FunctionsBot.Core.Alerts;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions.Alerts;

/// <summary>
/// <c>Alerts__WebhookUrl</c>: each alert and each "resolved" as one JSON POST (schema in docs/reconcile.md):
/// <c>{kind, key, severity, status: firing|resolved, account, message, numbers, time, raisedAt}</c>. Any 2xx is delivered.
/// </summary>
internal sealed class WebhookChannel(HttpClient http, IOptions<AlertOptions> options) : IAlertChannel
{
    public const string ClientName = "alerts-webhook";

    public string Name => "webhook";

    public bool IsEnabled => options.Value.WebhookUrl.Length > 0;

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(options.Value.WebhookUrl), message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new AlertSendException($"the webhook answered HTTP {(int)response.StatusCode}");
        }
    }
}
