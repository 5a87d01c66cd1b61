using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>Ends the process with no cleanup at the configured step: the same as a power cut or an OOM kill.</summary>
public sealed class CrashInjector(IOptions<DiagnosticsOptions> options)
{
    public void Reached(CrashPoint point)
    {
        if (point != CrashPoint.None && options.Value.CrashAt == point)
        {
            Environment.FailFast($"Crash injected at {point} (Diagnostics__CrashAt).");
        }
    }
}
