using System.CommandLine;
using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>health [--verbose]</c>: the standard view (status and which checks are not healthy) or the verbose view (every
/// check with its description; needs the key); <c>--output json</c> prints the document as the bot sent it. Exit code
/// 0 healthy, 1 degraded, 2 unhealthy, 3 unreachable, so a script or a monitor can act on it alone.
/// </summary>
internal static class HealthCommand
{
    public static Command Create(ApiOptions options)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Every check with its description and data (needs the function key)." };
        var command = new Command("health", "Is the bot healthy? Exit code 0 healthy, 1 degraded, 2 unhealthy, 3 unreachable.") { verbose };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            var detailed = parse.GetValue(verbose);
            var reply = await api.GetAsync(detailed ? "api/health/verbose" : "api/health", cancellationToken).ConfigureAwait(false);
            var body = reply.Status == HttpStatusCode.ServiceUnavailable && reply.Body.ValueKind == JsonValueKind.Object && reply.Body.TryGetProperty("status", out _)
                ? reply.Body
                : reply.Ok();
            var status = body.Text("status");
            Render(console, body, status, detailed);

            return status switch
            {
                "Healthy" => ExitCodes.Ok,
                "Degraded" => ExitCodes.Problem,
                _ => ExitCodes.Critical,
            };
        }));
        return command;
    }

    private static void Render(IAnsiConsole console, JsonElement body, string status, bool detailed)
    {
        console.MarkupLine($"FunctionsBot is {Output.Status(status)} (mode {Markup.Escape(body.Text("mode"))}, checked at {Markup.Escape(body.Text("checkedAt"))}).");
        if (detailed)
        {
            var table = Output.Table("Check", "Status", "Description");
            foreach (var check in body.Items("checks"))
            {
                table.AddRow(new Text(check.Text("name")), new Markup(Output.Status(check.Text("status"))), new Text(check.Text("description")));
            }

            console.Write(table);
            return;
        }

        foreach (var problem in body.Items("problems"))
        {
            console.WriteLine("  - " + Output.Text(problem));
        }
    }
}
