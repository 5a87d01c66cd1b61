using FunctionsBot.Binance.Http;
using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Market;

/// <summary>A saved <c>GET /api/v3/exchangeInfo</c> reply, read with the client's own parser (for backtests on the real filters).</summary>
public static class ExchangeInfoFile
{
    /// <exception cref="BinanceResponseException">The text is not an exchangeInfo reply.</exception>
    public static IReadOnlyList<SymbolRules> Parse(string json, string source)
    {
        using var document = JsonFields.Parse(json, source);
        return ExchangeInfoParser.Parse(new JsonFields(document.RootElement, source)).Symbols;
    }
}
