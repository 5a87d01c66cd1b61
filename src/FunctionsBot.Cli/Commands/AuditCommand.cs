using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FunctionsBot.Core.Ledger;
using Spectre.Console;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>audit [--limit N] [--verify]</c>: the newest records of the audit trail, paged through the API's continuation
/// tokens. <c>--verify</c> recomputes the hash chain here, on the operator's machine, with the bot's own chain rules:
/// a row edited, deleted, inserted or reordered in storage is named, and the exit code is 2.
/// </summary>
internal static class AuditCommand
{
    private const int PageSize = 1000;

    public static Command Create(ApiOptions options)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many of the newest records (1-100000).", DefaultValueFactory = _ => 50 };
        var verify = new Option<bool>("--verify") { Description = "Verify the hash chain of the records read; exit code 2 when broken." };
        var command = new Command("audit", "The newest audit records; --verify checks their hash chain on this machine.") { limit, verify };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(limit);
            if (wanted is < 1 or > 100_000)
            {
                throw new CliException(ExitCodes.Usage, $"--limit = {wanted}: must be between 1 and 100000.");
            }

            var records = await ReadAsync(api, wanted, cancellationToken).ConfigureAwait(false);
            var table = Output.Table("#", "At", "Kind", "Actor", "Message");
            foreach (var r in records)
            {
                table.Row(r.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "-", r.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Kind.ToString(), r.Actor, Output.Shorten(r.Message, 100));
            }

            console.Write(table);
            if (!parse.GetValue(verify))
            {
                return ExitCodes.Ok;
            }

            if (AuditChain.Verify(records) is { } broken)
            {
                console.MarkupLine($"[red]Audit chain BROKEN[/]: {Markup.Escape(broken)}");
                return ExitCodes.Critical;
            }

            var chained = records.Where(r => r.Sequence is not null).ToList();
            console.MarkupLine(chained.Count == 0
                ? "[green]Audit chain intact[/]: no chained records read."
                : $"[green]Audit chain intact[/]: {chained.Count} chained records, #{chained[^1].Sequence} to #{chained[0].Sequence}, each hash recomputed here.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The newest <paramref name="wanted"/> records, newest first, across pages.</summary>
    private static async Task<List<AuditRecord>> ReadAsync(BotApi api, int wanted, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        string? continuation = null;
        do
        {
            var path = $"api/audit?limit={Math.Min(PageSize, wanted - records.Count).ToString(CultureInfo.InvariantCulture)}"
                + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = (await api.GetAsync(path, cancellationToken).ConfigureAwait(false)).Ok();
            records.AddRange(page.Items("records").Select(Record));
            continuation = page.TryGetProperty("continuation", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (continuation is not null && records.Count < wanted);
        return records;
    }

    /// <summary>One record exactly as the bot stored it: every field the hash covers, or a typed error naming what is missing.</summary>
    private static AuditRecord Record(JsonElement json)
    {
        try
        {
            if (!Enum.TryParse<AuditKind>(json.GetProperty("kind").GetString(), out var kind))
            {
                throw new CliException(ExitCodes.Critical, $"The audit API returned an unknown record kind '{json.Text("kind")}'; update the CLI to the bot's version.");
            }

            return new AuditRecord(
                json.GetProperty("at").GetDateTimeOffset(),
                kind,
                json.GetProperty("actor").GetString() ?? string.Empty,
                json.GetProperty("message").GetString() ?? string.Empty,
                json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                    : null)
            {
                Sequence = json.TryGetProperty("sequence", out var sequence) && sequence.ValueKind == JsonValueKind.Number ? sequence.GetInt64() : null,
                Hash = json.TryGetProperty("hash", out var hash) ? hash.GetString() : null,
                PreviousHash = json.TryGetProperty("previousHash", out var previous) ? previous.GetString() : null,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliException(ExitCodes.Critical, $"The audit API returned a record this CLI cannot read ({ex.Message}).");
        }
    }
}
