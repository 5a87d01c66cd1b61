using System.Text.RegularExpressions;
using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Bot;

/// <summary>Section <c>Bot</c>: which account trades what, and where.</summary>
public sealed partial class BotOptions : ISettings
{
    public static string SectionName => "Bot";

    /// <summary><c>Bot__Mode</c>: Simulated (default), Paper, Testnet or Live.</summary>
    public TradingMode Mode { get; set; } = TradingMode.Simulated;

    /// <summary><c>Bot__ConfirmLive</c>: must be <c>true</c> for Live mode to start. Default false.</summary>
    public bool ConfirmLive { get; set; }

    /// <summary>
    /// <c>Bot__Account</c>: the trading account's name; its ledger partition and lock blob are named after it.
    /// 1–63 characters, letters, digits and '-'. Default <c>main</c>.
    /// </summary>
    public string Account { get; set; } = "main";

    /// <summary><c>Bot__Symbols</c>: comma-separated Binance Spot symbols. Default <c>BTCUSDT,ETHUSDT</c>.</summary>
    public string Symbols { get; set; } = "BTCUSDT,ETHUSDT";

    /// <summary><c>Bot__QuoteAsset</c>: the asset limits and PnL are counted in. Default <c>USDT</c>.</summary>
    public string QuoteAsset { get; set; } = "USDT";

    /// <summary><see cref="Symbols"/> as a list, split once per value (the risk check reads it on every entry).</summary>
    public IReadOnlyList<string> SymbolList
    {
        get
        {
            var symbols = Symbols;
            if (_symbolList is not { } parsed || !ReferenceEquals(parsed.Source, symbols))
            {
                parsed = new ParsedSymbols(symbols, symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                _symbolList = parsed;
            }

            return parsed.List;
        }
    }

    private ParsedSymbols? _symbolList;

    public IEnumerable<string> Validate()
    {
        if (!AccountPattern().IsMatch(Account))
        {
            yield return SettingName.Problem(SectionName, nameof(Account), Account, "must be 1-63 letters, digits or '-', starting with a letter or digit.");
        }

        if (Mode == TradingMode.Live && !ConfirmLive)
        {
            yield return SettingName.Problem(SectionName, nameof(Mode), Mode, "Live trades real money; set Bot__ConfirmLive=true to confirm.");
        }

        if (SymbolList.Count == 0)
        {
            yield return SettingName.Problem(SectionName, nameof(Symbols), Symbols, "name at least one symbol, for example BTCUSDT,ETHUSDT.");
        }

        foreach (var symbol in SymbolList.Where(s => !SymbolPattern().IsMatch(s)))
        {
            yield return SettingName.Problem(SectionName, nameof(Symbols), Symbols, $"'{symbol}' is not a Binance symbol (upper-case letters and digits, 2-20 characters).");
        }

        if (!AssetPattern().IsMatch(QuoteAsset))
        {
            yield return SettingName.Problem(SectionName, nameof(QuoteAsset), QuoteAsset, "must be an asset code such as USDT.");
        }
        else if (SymbolList.FirstOrDefault(s => !s.EndsWith(QuoteAsset, StringComparison.Ordinal) || s.Length == QuoteAsset.Length) is { } other)
        {
            yield return SettingName.Problem(SectionName, nameof(Symbols), Symbols, $"'{other}' is not quoted in {QuoteAsset} (Bot__QuoteAsset).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex AssetPattern();

    private sealed record ParsedSymbols(string Source, string[] List);
}
