using System.CommandLine;
using Spectre.Console;

namespace FunctionsBot.Cli;

/// <summary>The options every command shares, and how a command runs: one API client, one console, one exit code.</summary>
internal sealed class ApiOptions
{
    private static readonly IAnsiConsole Errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The bot's base URL (https://<app>.azurewebsites.net, or http://localhost:7071). Default: FUNCTIONSBOT_URL.",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "A function key (portal: the app's App keys). Default: FUNCTIONSBOT_KEY. Never printed.",
        Recursive = true,
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for each answer (1-600).",
        Recursive = true,
        DefaultValueFactory = _ => 100,
    };

    /// <summary>Runs <paramref name="action"/> with the API and the console; a <see cref="CliException"/> is printed with its exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<BotApi, IAnsiConsole, ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
            {
                console.Profile.Width = columns;
            }
            else if (Console.IsOutputRedirected)
            {
                console.Profile.Width = 200; // into a file or a pipe: whole rows rather than cells wrapped at 80 columns
            }

            try
            {
                var timeout = parse.GetValue(Timeout);
                if (timeout is < 1 or > 600)
                {
                    throw new CliException(ExitCodes.Problem, $"--timeout = {timeout}: must be between 1 and 600 seconds.");
                }

                // The environment is read here, not as the options' defaults: help prints defaults, and the key is a secret.
                using var api = BotApi.Create(
                    parse.GetValue(Url) ?? Environment.GetEnvironmentVariable("FUNCTIONSBOT_URL"),
                    parse.GetValue(Key) ?? Environment.GetEnvironmentVariable("FUNCTIONSBOT_KEY"),
                    TimeSpan.FromSeconds(timeout));
                return await action(api, console, parse, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                Errors.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ex.ExitCode;
            }
        };
}
