using System.Text;
using System.Text.Json;

namespace FunctionsBot.Functions.Http;

/// <summary>Strict reading of small JSON request bodies: one object, known fields once each, texts checked; every problem reported.</summary>
internal static class JsonBody
{
    /// <summary>The body's one JSON object, or the problems that stop it from being one.</summary>
    public static (JsonDocument? Document, IReadOnlyList<string> Errors) Parse(ReadOnlySpan<byte> body, int maxBytes, string example, IReadOnlyList<string> known)
    {
        if (body.Length > maxBytes)
        {
            return (null, [$"The body is larger than {maxBytes} bytes, the most accepted."]);
        }

        if (body.IsEmpty)
        {
            return (null, [$"The body is empty; send {example}."]);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != body.Length && !Encoding.UTF8.GetString(body[(int)reader.BytesConsumed..]).AsSpan().IsWhiteSpace())
            {
                document.Dispose();
                return (null, ["The body holds more than one JSON value."]);
            }
        }
        catch (JsonException ex)
        {
            return (null, [$"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."]);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            return (null, [$"The body must be a JSON object; got {kind}."]);
        }

        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"Unknown field '{property.Name}'; the fields are {string.Join(", ", known)}.");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add($"Field '{property.Name}' appears more than once.");
            }
        }

        return (document, errors);
    }

    /// <summary>A trimmed text field: a string, not empty, at most <paramref name="maxLength"/> characters, no control characters, well-formed Unicode.</summary>
    public static string? Text(JsonElement root, string name, int maxLength, bool required, List<string> errors)
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

        string text;
        try
        {
            text = value.GetString()!.Trim();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") or bytes that are not UTF-8.
            errors.Add($"Field '{name}' is not well-formed Unicode text.");
            return null;
        }

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
}
