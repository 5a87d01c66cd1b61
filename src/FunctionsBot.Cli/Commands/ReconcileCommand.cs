using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>reconcile</c> shows the last report and the proposals waiting for a person; <c>reconcile run</c> reconciles now;
/// <c>reconcile approve|reject ID --reason R</c> decides a proposal (audited).
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(ApiOptions options)
    {
        var run = new Command("run", "Reconcile the ledger with the exchange now (under the account's lease).");
        run.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var report = (await api.SendAsync(HttpMethod.Post, "api/reconcile", null, cancellationToken).ConfigureAwait(false)).Ok();
            Report(console, report);
            return report.TryGetProperty("mismatches", out var m) && m.GetInt32() > 0 ? ExitCodes.Problem : ExitCodes.Ok;
        }));
        var command = new Command("reconcile", "The last reconciliation and the proposals waiting for a decision.") { run, Decide(options, "approve"), Decide(options, "reject") };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var status = (await api.GetAsync("api/reconcile", cancellationToken).ConfigureAwait(false)).Ok();
            if (status.TryGetProperty("last", out var last) && last.ValueKind == JsonValueKind.Object)
            {
                Report(console, last);
            }
            else
            {
                console.WriteLine("No reconciliation has run yet.");
            }

            var table = Output.Table("Proposal", "Difference", "Symbol", "Value (quote)", "Correction", "Proposed");
            foreach (var p in status.Items("pending"))
            {
                table.Row(p.Text("id"), p.Text("difference"), p.Text("symbol"), p.Text("valueInQuote"), p.TryGetProperty("correction", out var c) ? c.Text("description") : string.Empty, p.Text("proposedAt"));
            }

            console.MarkupLine($"[bold]{status.Items("pending").Count()}[/] proposals pending.");
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Decide(ApiOptions options, string verb)
    {
        var id = new Argument<string>("id") { Description = "The proposal's id (rc-…), as `reconcile` lists it." };
        var reason = new Option<string>("--reason", "-r") { Description = "Why you decide so (kept in the audit trail).", Required = true };
        var command = new Command(verb, verb == "approve" ? "Approve a proposal: its correction is booked." : "Reject a proposal: nothing is booked.") { id, reason };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var decision = (await api.SendAsync(HttpMethod.Post, $"api/reconcile/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", new { reason = parse.GetValue(reason) }, cancellationToken).ConfigureAwait(false)).Ok();
            console.MarkupLine($"[bold]{Markup.Escape(decision.Text("outcome"))}[/]: {Markup.Escape(decision.Text("message"))}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Report(IAnsiConsole console, JsonElement report)
    {
        console.MarkupLine(Markup.Escape($"Reconciled at {report.Text("at")} by {report.Text("actor")}: {report.Text("orders")} orders, {report.Text("trades")} trades, {report.Text("assets")} assets; {report.Text("mismatches")} differences above the tolerance."));
        var table = Output.Table("Difference", "Symbol", "Value (quote)", "Above tolerance", "Proposal", "Message");
        foreach (var d in report.Items("differences"))
        {
            table.Row(d.Text("kind"), d.Text("symbol"), d.Text("valueInQuote"), d.Text("aboveTolerance"), d.Text("proposalId"), Output.Shorten(d.Text("message"), 80));
        }

        console.Write(table);
    }
}
