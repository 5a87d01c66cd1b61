namespace FunctionsBot.Testing;

/// <summary>Measured figures of the end-to-end drills, appended to TestResults/figures.log (printed by scripts/test.sh).</summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static void Record(string line)
    {
        var directory = Path.Combine(RepoPaths.Root, "TestResults");
        Directory.CreateDirectory(directory);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(directory, "figures.log"), $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}{Environment.NewLine}");
        }
    }
}
