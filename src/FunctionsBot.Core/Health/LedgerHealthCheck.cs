using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>Ledger readable: the account's state row reads (or has not been written yet).</summary>
public sealed class LedgerHealthCheck(ILedgerStore ledger, IOptions<BotOptions> bot) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var account = bot.Value.Account;
        var state = await ledger.FindStateAsync(account, cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy(
            state is null ? $"Ledger of account '{account}' readable; no state written yet." : $"Ledger of account '{account}' readable.",
            new Dictionary<string, object> { ["account"] = account, ["cycles"] = state?.Value.CycleCount ?? 0 });
    }
}
