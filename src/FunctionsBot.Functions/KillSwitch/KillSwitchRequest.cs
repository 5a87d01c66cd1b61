using System.Text;
using System.Text.Json;
using FunctionsBot.Core.KillSwitch;
using FunctionsBot.Core.Ledger;

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
        if (body.Length > MaxBodyBytes)
        {
            return (null, [$"The body is larger than {MaxBodyBytes} bytes, the most accepted."]);
        }

        if (body.IsEmpty)
        {
            return (null, ["The body is empty; send {\"active\": true, \"reason\": \"...\"}."]);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != body.Length && !IsWhitespace(body[(int)reader.BytesConsumed..]))
            {
                return (null, ["The body holds more than one JSON value."]);
            }
        }
        catch (JsonException ex)
        {
            return (null, [$"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."]);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static (KillSwitchRequest? Request, IReadOnlyList<string> Errors) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"The body must be a JSON object; got {root.ValueKind}."]);
        }

        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"Unknown field '{property.Name}'; the fields are active, reason, actor and mode.");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add($"Field '{property.Name}' appears more than once.");
            }
        }

        bool? active = root.TryGetProperty("active", out var a)
            ? a.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
            : null;
        if (active is null)
        {
            errors.Add(a.ValueKind == JsonValueKind.Undefined ? "Field 'active' is required (true or false)." : $"Field 'active' must be true or false; got {a.ValueKind}.");
        }

        var reason = ReadText(root, "reason", KillSwitchService.MaxReasonLength, required: true, errors);
        var actor = ReadText(root, "actor", KillSwitchService.MaxActorLength, required: false, errors);
        var modeText = ReadText(root, "mode", 20, required: false, errors);
        var mode = KillSwitchMode.BlockEntries;
        if (modeText is not null && !Enum.TryParse(modeText, ignoreCase: false, out mode) || !Enum.IsDefined(mode))
        {
            errors.Add($"Field 'mode' must be BlockEntries or Flatten; got '{modeText}'.");
        }

        return errors.Count == 0 ? (new KillSwitchRequest(active!.Value, reason!, actor, mode), errors) : (null, errors);
    }

    private static string? ReadText(JsonElement root, string name, int maxLength, bool required, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"Field '{name}' is required: say why, it goes into the audit trail.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"Field '{name}' must be a string; got {value.ValueKind}.");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            errors.Add($"Field '{name}' must not be empty.");
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add($"Field '{name}' is {text.Length} characters; at most {maxLength} are accepted.");
            return null;
        }

        if (text.Any(char.IsControl))
        {
            errors.Add($"Field '{name}' must not contain control characters.");
            return null;
        }

        return text;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> rest) => Encoding.UTF8.GetString(rest).AsSpan().IsWhiteSpace();
}
