using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// Reads what booking needs before an order is sent (so a fill never waits on market data to be committed):
/// the symbol's rules, its average price, and the price in the quote asset of each asset the exchange may take
/// commissions in (BNB with Binance's fee discount), asked at most once per cycle.
/// </summary>
public sealed class BookingMarketReader(IExchange exchange, IOptions<BotOptions> bot)
{
    /// <summary>Assets the exchange may charge commissions in besides the traded pair (Binance: BNB).</summary>
    public static readonly IReadOnlyList<string> CommissionAssets = ["BNB"];

    /// <exception cref="ExchangeException">The exchange could not answer.</exception>
    internal async Task<BookingMarket> ReadAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        var rules = await exchange.GetRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
        var average = await exchange.GetAveragePriceAsync(symbol, cancellationToken).ConfigureAwait(false);
        foreach (var asset in CommissionAssets.Where(a => a != rules.BaseAsset && a != rules.QuoteAsset && !context.AssetPrices.ContainsKey(a)))
        {
            context.AssetPrices[asset] = await exchange.GetPriceAsync(asset + bot.Value.QuoteAsset, cancellationToken).ConfigureAwait(false);
        }

        return new BookingMarket(rules, average, new Dictionary<string, decimal>(context.AssetPrices, StringComparer.Ordinal));
    }
}
