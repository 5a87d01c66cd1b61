using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>Section <c>Diagnostics</c>: fault drills. Never set in production.</summary>
public sealed class DiagnosticsOptions : ISettings
{
    public static string SectionName => "Diagnostics";

    /// <summary><c>Diagnostics__CrashAt</c>: terminate the process abruptly the first time an order reaches this step. Default None.</summary>
    public CrashPoint CrashAt { get; set; } = CrashPoint.None;

    public IEnumerable<string> Validate() => [];
}
