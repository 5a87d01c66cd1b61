using FunctionsBot.Core.Bot;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Binance.Configuration;

/// <summary>Rules across Bot and Binance settings. Secret values are never echoed.</summary>
internal sealed class BinanceModeValidator(IOptions<BotOptions> bot) : IValidateOptions<BinanceOptions>
{
    public ValidateOptionsResult Validate(string? name, BinanceOptions options)
    {
        var mode = bot.Value.Mode;
        var problems = new List<string>();
        if (mode != TradingMode.Paper && (options.ApiKey.Length == 0 || options.ApiSecret.Length == 0))
        {
            problems.Add($"Binance__ApiKey and Binance__ApiSecret are required in {mode} mode (set both; their values are never logged).");
        }

        if (mode == TradingMode.Live && options.BaseUrl.Length > 0 && !options.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Binance__BaseUrl = '{options.BaseUrl}': Live mode talks to the exchange over https only.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
