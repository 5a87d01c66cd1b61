using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Configuration;

/// <summary>
/// Rules across Bot and Binance settings. Secret values are never echoed. The mode is read from
/// configuration directly, so a bad Bot setting is reported once, by its own validator, and does not
/// hide the Binance problems.
/// </summary>
internal sealed class BinanceModeValidator(IConfiguration configuration) : IValidateOptions<BinanceOptions>
{
    public ValidateOptionsResult Validate(string? name, BinanceOptions options)
    {
        var mode = Enum.TryParse<TradingMode>(configuration["Bot:Mode"], ignoreCase: true, out var parsed) ? parsed : TradingMode.Simulated;
        var problems = new List<string>();
        var fromVault = !string.IsNullOrEmpty(configuration["KeyVault:Uri"]);
        if (mode != TradingMode.Paper && !fromVault && (options.ApiKey.Length == 0 || options.ApiSecret.Length == 0))
        {
            problems.Add($"Binance__ApiKey and Binance__ApiSecret are required in {mode} mode unless KeyVault__Uri names the vault holding them (set both; their values are never logged).");
        }

        foreach (var (setting, value) in new[] { ("Binance__ApiKey", options.ApiKey), ("Binance__ApiSecret", options.ApiSecret) })
        {
            if (value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{setting}: the Key Vault reference was not resolved by the platform; check the app's identity, its Key Vault Secrets User role and the secret name.");
            }
        }

        if (mode == TradingMode.Live && options.BaseUrl.Length > 0 && !options.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Binance__BaseUrl = '{options.BaseUrl}': Live mode talks to the exchange over https only.");
        }

        problems.AddRange(WindowProblems(options));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>
    /// An order may execute up to request timeout + recvWindow after it was sent. Recovery must not give an intent
    /// up sooner, and the cycle's lease must outlast that (plus a margin), or two holders could act on one order.
    /// </summary>
    private IEnumerable<string> WindowProblems(BinanceOptions options)
    {
        var bound = options.RequestTimeoutSeconds + (options.RecvWindowMs / 1000.0);
        var text = bound.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        if (int.TryParse(configuration["Risk:RecoveryGraceSeconds"] ?? new RiskOptions().RecoveryGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture, out var grace) && grace <= bound)
        {
            yield return $"Risk__RecoveryGraceSeconds = '{grace}': must exceed Binance__RequestTimeoutSeconds + Binance__RecvWindowMs ({options.RequestTimeoutSeconds} s + {options.RecvWindowMs} ms = {text} s); an order can still execute that long after it was sent.";
        }

        var needed = bound + OrderExecutor.LeaseMargin.TotalSeconds;
        if (int.TryParse(configuration["Lock:LeaseSeconds"] ?? "30", System.Globalization.CultureInfo.InvariantCulture, out var lease) && lease < needed)
        {
            yield return $"Lock__LeaseSeconds = '{lease}': must be at least Binance__RequestTimeoutSeconds + Binance__RecvWindowMs + {OrderExecutor.LeaseMargin.TotalSeconds:0} s ({needed.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s), so the lease outlives every order it covers.";
        }
    }
}
