using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace FunctionsBot.Cli.Commands;

/// <summary><c>positions [--all]</c>, <c>pnl</c>, <c>locks</c> and <c>locks release ID</c>: the ledger as the bot's read APIs show it.</summary>
internal static class LedgerCommands
{
    public static Command Positions(ApiOptions options)
    {
        var all = new Option<bool>("--all") { Description = "Closed and failed positions too (default: open, closing, dust and intents)." };
        var command = new Command("positions", "Positions in the ledger, newest first, with their protection at the exchange.") { all };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var body = (await api.GetAsync(parse.GetValue(all) ? "api/positions?status=all" : "api/positions", cancellationToken).ConfigureAwait(false)).Ok();
            var table = Output.Table("Id", "Symbol", "Status", "Quantity", "Entry", "Stop", "Take profit", "Protection", "Realized", "Opened");
            foreach (var p in body.Items("positions"))
            {
                var protection = p.TryGetProperty("protection", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Object
                    ? $"{list.Text("status")} {list.Text("orderListId")}".Trim()
                    : string.Empty;
                table.Row(p.Text("id"), p.Text("symbol"), p.Text("status"), p.Text("quantity"), p.Text("entryPrice"), p.Text("stopPrice"), p.Text("takeProfitPrice"), protection, p.Text("realizedPnl"), p.Text("openedAt"));
            }

            console.MarkupLine($"Account [bold]{Markup.Escape(body.Text("account"))}[/]");
            console.Write(table);
            foreach (var dust in body.Items("dust"))
            {
                console.WriteLine($"Dust {dust.Text("symbol")}: {dust.Text("quantity")} (cost written off {dust.Text("writtenOff")})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Pnl(ApiOptions options)
    {
        var command = new Command("pnl", "Realized PnL per UTC day and in total.");
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var body = (await api.GetAsync("api/pnl", cancellationToken).ConfigureAwait(false)).Ok();
            var quote = body.Text("quoteAsset");
            var table = Output.Table("Day", $"Realized ({quote})", "Trades");
            foreach (var day in body.Items("days"))
            {
                table.Row(day.Text("day"), day.Text("realized"), day.Text("trades"));
            }

            table.Row("total", body.Text("total"), string.Empty);
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Locks(ApiOptions options)
    {
        var id = new Argument<string>("id") { Description = "The lock's id, as `locks` lists it." };
        var release = new Command("release", "Release a symbol lock (audited).") { id };
        release.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var lockId = parse.GetValue(id)!;
            (await api.SendAsync(HttpMethod.Delete, "api/locks/" + Uri.EscapeDataString(lockId), null, cancellationToken).ConfigureAwait(false)).Ok();
            console.WriteLine($"Released {lockId}.");
            return ExitCodes.Ok;
        }));
        var command = new Command("locks", "Symbol locks that block entries, and who set them.") { release };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var body = (await api.GetAsync("api/locks", cancellationToken).ConfigureAwait(false)).Ok();
            var table = Output.Table("Id", "Symbol", "Reason", "Until", "By", "Since");
            foreach (var l in body.Items("locks"))
            {
                table.Row(l.Text("id"), l.Text("symbol"), l.Text("reason"), l.Text("until"), l.Text("createdBy"), l.Text("createdAt"));
            }

            console.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{body.Items("locks").Count()} locks."));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
