using System.Collections.Frozen;
using System.Security.Cryptography;

namespace FunctionsBot.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly: the page, its script and styles, the shared chart code
/// (<c>charts.js</c>, also inlined by the backtest's HTML report) and the uPlot chart library it draws with.
/// </summary>
public static class DashboardAssets
{
    /// <summary>The page itself.</summary>
    public const string Page = "dashboard.html";

    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The asset named <paramref name="name"/> (a file name, no folders), or null.</summary>
    public static Asset? Find(string name) => All.GetValueOrDefault(name);

    /// <summary>A text asset's content, for inlining.</summary>
    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(
        (Find(name) ?? throw new ArgumentException($"No dashboard asset '{name}'.", nameof(name))).Content);

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            assets[name] = new Asset(name, content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

/// <summary>One embedded file with its content type and a strong ETag of its bytes.</summary>
public sealed record Asset(string Name, byte[] Content, string ContentType, string ETag);
