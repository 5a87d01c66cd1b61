using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Diagnostics;

/// <summary>A crash drill kills the process mid-order: it is refused at start-up when the bot trades real money.</summary>
internal sealed class CrashDrillGuard(IConfiguration configuration) : IValidateOptions<DiagnosticsOptions>
{
    public ValidateOptionsResult Validate(string? name, DiagnosticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var live = Enum.TryParse<TradingMode>(configuration[$"{BotOptions.SectionName}:{nameof(BotOptions.Mode)}"], ignoreCase: true, out var mode) && mode == TradingMode.Live;
        return live && options.CrashAt != CrashPoint.None
            ? ValidateOptionsResult.Fail($"Diagnostics__CrashAt = '{options.CrashAt}': crash drills are refused in Live mode (Bot__Mode = Live); remove the setting.")
            : ValidateOptionsResult.Success;
    }
}
