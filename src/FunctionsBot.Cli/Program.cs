using System.CommandLine;
using FunctionsBot.Cli;
using FunctionsBot.Cli.Commands;

var root = new RootCommand("FunctionsBot operator's CLI: talks to the bot's HTTP API with its function key.");
var options = new ApiOptions();
root.Options.Add(options.Url);
root.Options.Add(options.KeyFile);
root.Options.Add(options.Output);
root.Options.Add(options.Timeout);
root.Subcommands.Add(HealthCommand.Create(options));
root.Subcommands.Add(KillSwitchCommand.Create(options));
root.Subcommands.Add(LedgerCommands.Positions(options));
root.Subcommands.Add(LedgerCommands.Pnl(options));
root.Subcommands.Add(LedgerCommands.Locks(options));
root.Subcommands.Add(AuditCommand.Create(options));
root.Subcommands.Add(ReconcileCommand.Create(options));
root.Subcommands.Add(LedgerArchiveCommand.Create());
root.Subcommands.Add(BacktestCommand.Create());
root.Subcommands.Add(DataCommand.Create());
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }

    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
