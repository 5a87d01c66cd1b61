using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>The configured mode and account; the configuration itself was validated at start-up.</summary>
public sealed class ConfigurationHealthCheck(IOptions<BotOptions> bot) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = bot.Value;
        var data = new Dictionary<string, object>
        {
            ["mode"] = options.Mode.ToString(),
            ["account"] = options.Account,
            ["symbols"] = string.Join(',', options.SymbolList),
        };
        return Task.FromResult(HealthCheckResult.Healthy($"Mode {options.Mode}, account '{options.Account}'.", data));
    }
}
