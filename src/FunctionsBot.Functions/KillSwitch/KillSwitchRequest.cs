using System.Text.Json;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Functions.Http;

namespace FunctionsBot.Functions.KillSwitch;

/// <summary>
/// The body of <c>POST /api/killswitch</c>: <c>{"active": true|false, "reason": "...", "actor": "...", "mode": "BlockEntries|Flatten"}</c>.
/// <c>actor</c> is optional; an authenticated principal (App Service authentication) takes precedence.
/// </summary>
internal sealed record KillSwitchRequest(bool Active, string Reason, string? Actor, KillSwitchMode Mode = KillSwitchMode.BlockEntries)
{
    /// <summary>Bodies above this many bytes are refused.</summary>
    public const int MaxBodyBytes = 4096;

    private static readonly string[] Known = ["active", "reason", "actor", "mode"];

    /// <summary>Parses a UTF-8 body strictly; returns the request or every problem found.</summary>
    public static (KillSwitchRequest? Request, IReadOnlyList<string> Errors) Parse(ReadOnlySpan<byte> body)
    {
        var (document, problems) = JsonBody.Parse(body, MaxBodyBytes, "{\"active\": true, \"reason\": \"...\"}", Known);
        if (document is null)
        {
            return (null, problems);
        }

        using (document)
        {
            var root = document.RootElement;
            var errors = problems.ToList();
            bool? active = root.TryGetProperty("active", out var a)
                ? a.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
                : null;
            if (active is null)
            {
                errors.Add(a.ValueKind == JsonValueKind.Undefined ? "Field 'active' is required (true or false)." : $"Field 'active' must be true or false; got {a.ValueKind}.");
            }

            var reason = JsonBody.Text(root, "reason", KillSwitchService.MaxReasonLength, required: true, errors);
            var actor = JsonBody.Text(root, "actor", KillSwitchService.MaxActorLength, required: false, errors);
            var modeText = JsonBody.Text(root, "mode", 20, required: false, errors);
            var mode = KillSwitchMode.BlockEntries;
            if (modeText is not null && !Enum.TryParse(modeText, ignoreCase: false, out mode) || !Enum.IsDefined(mode))
            {
                errors.Add($"Field 'mode' must be BlockEntries or Flatten; got '{modeText}'.");
            }

            return errors.Count == 0 ? (new KillSwitchRequest(active!.Value, reason!, actor, mode), errors) : (null, errors);
        }
    }
}
