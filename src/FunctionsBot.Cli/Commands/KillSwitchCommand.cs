using System.CommandLine;
using System.Text.Json;

namespace FunctionsBot.Cli.Commands;

/// <summary>
/// <c>killswitch</c> shows the latched kill switch; <c>killswitch on --reason R [--mode BlockEntries|Flatten]</c>
/// latches it (or escalates BlockEntries to Flatten; Flatten asks to type yes unless <c>--yes</c>), <c>killswitch off --reason R</c> re-arms trading. Each change
/// is audited by the bot with the caller's identity.
/// </summary>
internal static class KillSwitchCommand
{
    public static Command Create(ApiOptions options)
    {
        var action = new Argument<string?>("action") { Description = "on or off; omit to show the state.", Arity = ArgumentArity.ZeroOrOne };
        action.AcceptOnlyFromAmong("on", "off");
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (required for on and off; kept in the audit trail)." };
        var mode = new Option<string>("--mode") { Description = "With on: BlockEntries (no new entries) or Flatten (close everything).", DefaultValueFactory = _ => "BlockEntries" };
        mode.AcceptOnlyFromAmong("BlockEntries", "Flatten");
        var yes = new Option<bool>("--yes", "-y") { Description = "With on --mode Flatten: do not ask; every open position is sold at market at once." };
        var command = new Command("killswitch", "Show, latch (on) or re-arm (off) the kill switch.") { action, reason, mode, yes };
        command.SetAction(options.Run(async (api, console, parse, cancellationToken) =>
        {
            JsonElement state;
            if (parse.GetValue(action) is { } verb)
            {
                var why = parse.GetValue(reason);
                if (string.IsNullOrWhiteSpace(why))
                {
                    throw new CliException(ExitCodes.Usage, $"killswitch {verb} needs --reason: it is kept in the audit trail.");
                }

                if (verb == "on" && parse.GetValue(mode) == "Flatten" && !parse.GetValue(yes)
                    && !ApiOptions.Confirm("Flatten cancels every protective list and sells every open position at market now."))
                {
                    throw new CliException(ExitCodes.Problem, "Flatten was not confirmed: nothing was changed (pass --yes to skip the question).");
                }

                var body = verb == "on"
                    ? (object)new { active = true, reason = why, mode = parse.GetValue(mode) }
                    : new { active = false, reason = why };
                state = (await api.SendAsync(HttpMethod.Post, "api/killswitch", body, cancellationToken).ConfigureAwait(false)).Ok();
            }
            else
            {
                state = (await api.GetAsync("api/killswitch", cancellationToken).ConfigureAwait(false)).Ok();
            }

            var table = Output.Table("Active", "Mode", "Since", "By", "Reason");
            table.Row(state.Text("active"), state.Text("mode"), state.Text("since"), state.Text("by"), state.Text("reason"));
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
