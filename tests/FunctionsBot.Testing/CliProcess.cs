namespace FunctionsBot.Testing;

/// <summary>The operator's CLI (<c>functionsbot</c>) run from its build output as a person would run it.</summary>
public static class CliProcess
{
    /// <summary>Runs one command to its end (30 s at most); returns its exit code and everything it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(Uri bot, string? key, params string[] arguments) => RunWithInputAsync(bot, key, string.Empty, arguments);

    /// <summary>As <see cref="RunAsync(Uri, string?, string[])"/>, with <paramref name="input"/> typed on standard input (then end of input).</summary>
    public static Task<(int ExitCode, string Output)> RunWithInputAsync(Uri bot, string? key, string input, params string[] arguments) =>
        RunWithInputAsync(bot, key, input, new Dictionary<string, string?>(), arguments);

    /// <summary>As <see cref="RunWithInputAsync(Uri, string?, string, string[])"/>, with more environment variables.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithInputAsync(Uri bot, string? key, string input, IReadOnlyDictionary<string, string?> more, params string[] arguments)
    {
        var output = RepoPaths.Output("FunctionsBot.Cli");
        var environment = new Dictionary<string, string?>
        {
            ["FUNCTIONSBOT_URL"] = bot.ToString(),
            ["FUNCTIONSBOT_KEY"] = key,
            ["COLUMNS"] = "200", // a table as wide as a terminal, not cut at 80 columns
            ["NO_COLOR"] = "1",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        await using var process = ChildProcess.Start("dotnet", [Path.Combine(output, "functionsbot.dll"), .. arguments], environment, output);
        process.CloseInput(input);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(100); // let the output handlers drain
        return (exitCode, process.Output);
    }
}
