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

    /// <summary>A file holding the function key: a key on the command line would show in every process list.</summary>
    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "A file holding a function key (portal: the app's App keys). Default: the FUNCTIONSBOT_KEY environment variable. The key is never printed.",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table (for a person) or json (the bot's replies as it sent them, for a script).",
        Recursive = true,
        DefaultValueFactory = _ => "table",
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
            var json = parse.GetValue(Output) == "json";
            // With --output json the tables go nowhere; the replies are printed as the bot sent them.
            var console = json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }) : AnsiConsole.Console;
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
                    throw new CliException(ExitCodes.Usage, $"--timeout = {timeout}: must be between 1 and 600 seconds.");
                }

                // The environment is read here, not as the options' defaults: help prints defaults, and the key is a secret.
                using var api = BotApi.Create(
                    parse.GetValue(Url) ?? Environment.GetEnvironmentVariable("FUNCTIONSBOT_URL"),
                    ReadKey(parse.GetValue(KeyFile)) ?? Environment.GetEnvironmentVariable("FUNCTIONSBOT_KEY"),
                    TimeSpan.FromSeconds(timeout));
                var code = await action(api, console, parse, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    Console.Out.WriteLine(api.RepliesAsJson());
                }

                return code;
            }
            catch (CliException ex)
            {
                Errors.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ex.ExitCode;
            }
        };

    /// <summary>Asks a person to type yes before <paramref name="what"/>; anything else, or no input, is a no.</summary>
    public static bool Confirm(string what)
    {
        Errors.Markup($"{Markup.Escape(what)} Type yes to go on: ");
        var answer = Console.In.ReadLine();
        Errors.WriteLine();
        return answer?.Trim().ToLowerInvariant() is "yes" or "y";
    }

    private static string? ReadKey(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(file.FullName).Trim() is { Length: > 0 } key
                ? key
                : throw new CliException(ExitCodes.Usage, $"--key-file {file.FullName}: the file is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"--key-file {file.FullName}: cannot be read ({ex.GetType().Name}).");
        }
    }
}
