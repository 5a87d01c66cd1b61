using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>
/// Protection from the ledger: in <c>Exchange</c> mode every open position should be held by a list at the exchange;
/// those that are not (a refusal, a placement not confirmed yet) are counted and named (degraded), with why.
/// </summary>
public sealed class ProtectionHealthCheck(HealthLedger ledger, IOptions<BotOptions> bot, IOptions<StrategyOptions> strategy) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = await ledger.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var open = snapshot.Positions.Where(p => p.Status == PositionStatus.Open).ToList();
        var unprotected = open.Where(p => !ProtectionKeeper.HeldAtExchange(p)).ToList();
        var atExchange = ProtectionKeeper.Places(strategy.Value, bot.Value);
        var data = new Dictionary<string, object>
        {
            ["mode"] = atExchange ? "Exchange" : "Bot",
            ["openPositions"] = open.Count,
            ["protectedAtExchange"] = open.Count - unprotected.Count,
            ["unprotected"] = unprotected.Count,
        };
        var halted = open.Where(p => p.SymbolHalt is not null).ToList();
        if (halted.Count > 0)
        {
            data["halted"] = string.Join(",", halted.Select(p => $"{p.Symbol}:{p.SymbolHalt}").Distinct());
            return HealthCheckResult.Degraded(
                $"{halted.Count} open positions are on symbols the exchange halted; they cannot be sold or stopped until trading resumes: "
                + string.Join("; ", halted.Take(5).Select(p => $"{p.Symbol} #{p.Sequence} is {p.SymbolHalt}")) + ".",
                data: data);
        }

        if (!atExchange)
        {
            return HealthCheckResult.Healthy($"Bot-side protection (Strategy__Protection = {strategy.Value.Protection}, mode {bot.Value.Mode}): {open.Count} open positions checked once a cycle.", data);
        }

        return unprotected.Count == 0
            ? HealthCheckResult.Healthy($"All {open.Count} open positions are held by a protective list at the exchange.", data)
            : HealthCheckResult.Degraded(
                $"{unprotected.Count} of {open.Count} open positions are not protected at the exchange (the bot-side stop holds them while the host runs): "
                + string.Join("; ", unprotected.Take(5).Select(p => $"{p.Symbol} #{p.Sequence} {Why(p)}")) + ".",
                data: data);
    }

    private static string Why(Position p) => p.Protection switch
    {
        null => "no list yet",
        { Status: ProtectionStatus.Failed } f => $"{f.Problem} (retry at {f.RetryAt:O})",
        { Status: ProtectionStatus.Placing } => "placement outcome not known yet",
        _ => "its list ended; a new one follows",
    };
}
