using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FunctionsBot.Testing;

/// <summary>
/// A server process started by a test: its output is captured, a line pattern signals readiness,
/// and disposal kills the whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waits = [];
    private readonly Lock _gate = new();

    private ChildProcess(Process process) => _process = process;

    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>Writes <paramref name="text"/> to the process's standard input and closes it (end of input).</summary>
    public void CloseInput(string text = "")
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Close();
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Starts a src project's build output (<c>dotnet &lt;Project&gt;.dll --urls http://127.0.0.1:0</c>, in its output
    /// folder) and waits for the line that says it is ready; the process is killed if it never says so.
    /// </summary>
    public static async Task<(ChildProcess Process, Match Ready)> StartBuiltAppAsync(string project, string readyPattern, IReadOnlyDictionary<string, string?>? environment)
    {
        var process = LaunchBuiltApp(project, environment);
        try
        {
            return (process, await process.WaitForLineAsync(readyPattern, TimeSpan.FromSeconds(60)));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a src project's build output on a free loopback port without waiting for it.</summary>
    public static ChildProcess LaunchBuiltApp(string project, IReadOnlyDictionary<string, string?>? environment)
    {
        var output = RepoPaths.Output(project);
        var dll = Path.Combine(output, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{project} is not built at {dll}.");
        }

        return Start("dotnet", [dll, "--urls", "http://127.0.0.1:0"], environment, output);
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails if the process exits or time runs out.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var line in _output)
            {
                if (regex.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            _waits.Add((regex, seen));
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (finished == seen.Task)
        {
            return await seen.Task;
        }

        // Let the output handlers drain before reporting.
        await Task.Delay(200);
        var reason = finished == exited ? $"exited with code {_process.ExitCode}" : $"did not print it within {timeout.TotalSeconds:0} s";
        throw new InvalidOperationException($"{_process.StartInfo.FileName} {reason} (waiting for /{pattern}/). Output:{Environment.NewLine}{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop (SIGTERM, as a host shutdown does) and waits; kills it if it does not stop in time.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Enqueue(line);
            foreach (var (pattern, seen) in _waits)
            {
                if (!seen.Task.IsCompleted && pattern.Match(line) is { Success: true } match)
                {
                    seen.TrySetResult(match);
                }
            }
        }
    }
}
