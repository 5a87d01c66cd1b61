namespace FunctionsBot.Testing;

/// <summary>Paths in the repository and the build output of the other projects.</summary>
public static class RepoPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    /// <summary>The build output folder of a src project (or a tests support app), in the same configuration as the tests.</summary>
    public static string Output(string project)
    {
        var source = Path.Combine(Root, "src", project);
        return Path.Combine(Directory.Exists(source) ? source : Path.Combine(Root, "tests", project), "bin", Configuration, "net10.0");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FunctionsBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FunctionsBot.sln not found above {AppContext.BaseDirectory}.");
    }
}
