using System.Reflection;
using System.Text.Json.Nodes;
using FunctionsBot.Testing;

namespace FunctionsBot.Infra.Tests;

/// <summary>infra/ builds and lints offline with the real bicep, and says what DESIGN.md asks of it.</summary>
public sealed class BicepTests
{
    private static readonly string Infra = Path.Combine(RepoPaths.Root, "infra");

    [Fact]
    public async Task Lint_MainBicep_NoWarningsOrErrors()
    {
        var (exitCode, output) = await BicepAsync("lint", Path.Combine(Infra, "main.bicep"));

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MainBicep_FlexAppWithIdentityOnlyStorage()
    {
        var template = await BuildAsync();
        var resources = template.SelectMany(Resources).ToList();

        var storage = resources.Single(r => (string)r["type"]! == "Microsoft.Storage/storageAccounts");
        Assert.False((bool)storage["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["properties"]!["allowBlobPublicAccess"]!);

        var plan = resources.Single(r => (string)r["type"]! == "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string)plan["sku"]!["name"]!);

        var site = resources.Single(r => (string)r["type"]! == "Microsoft.Web/sites");
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string)runtime["name"]!);
        Assert.Equal("10.0", (string)runtime["version"]!);
        var settings = site["properties"]!["siteConfig"]!["appSettings"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        Assert.Contains("AzureWebJobsStorage__credential", settings);
        Assert.Contains("TradeCycle__Schedule", settings);
        Assert.Contains("Reconcile__Schedule", settings);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings);
        Assert.DoesNotContain(settings, s => s.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Build_MainBicep_TagsTheFunctionAppWithTheAzureYamlService()
    {
        var template = await BuildAsync();
        var site = template.SelectMany(Resources).Single(r => (string)r["type"]! == "Microsoft.Web/sites");
        var azureYaml = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml"));

        Assert.Contains("createObject('azd-service-name', 'api')", (string)site["tags"]!, StringComparison.Ordinal);
        Assert.Contains("  api:", azureYaml);
        Assert.Contains("    project: ./src/FunctionsBot.Functions", azureYaml);
        Assert.Contains("    host: function", azureYaml);
    }

    [Fact]
    public void Modules_AreLocalOnly()
    {
        var registryModules = Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("br/public:", StringComparison.Ordinal) || File.ReadAllText(f).Contains("br:", StringComparison.Ordinal));

        Assert.Empty(registryModules);
    }

    private static async Task<List<JsonNode>> BuildAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"main-{Guid.NewGuid():N}.json");
        var (exitCode, log) = await BicepAsync("build", Path.Combine(Infra, "main.bicep"), "--outfile", output);
        Assert.True(exitCode == 0, log);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        File.Delete(output);
        return [root];
    }

    /// <summary>Resources of a compiled template, nested deployments (modules) included.</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject map => map.Select(p => p.Value!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> BicepAsync(params string[] arguments)
    {
        var bicep = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        Assert.True(File.Exists(bicep), $"bicep not restored at {bicep}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        await using var process = ChildProcess.Start(bicep, arguments, new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(100);
        return (exitCode, process.Output);
    }
}
