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

    /// <summary>
    /// Starts the reads together (one round trip, not one per read); the price of a commission asset is skipped when
    /// it is the quote or the symbol's own base, and read at most once per cycle.
    /// </summary>
    /// <exception cref="ExchangeException">The exchange could not answer.</exception>
    internal async Task<BookingMarket> ReadAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        var quote = bot.Value.QuoteAsset;
        var rules = exchange.GetRulesAsync(symbol, cancellationToken);
        var average = exchange.GetAveragePriceAsync(symbol, cancellationToken);
        var prices = CommissionAssets
            .Where(a => a != quote && symbol != a + quote && !context.AssetPrices.ContainsKey(a))
            .Select(a => (Asset: a, Price: exchange.GetPriceAsync(a + quote, cancellationToken)))
            .ToList();
        await Task.WhenAll(prices.Select(p => (Task)p.Price).Append(rules).Append(average)).ConfigureAwait(false);
        foreach (var (asset, price) in prices)
        {
            context.AssetPrices[asset] = await price.ConfigureAwait(false);
        }

        return new BookingMarket(await rules.ConfigureAwait(false), await average.ConfigureAwait(false), new Dictionary<string, decimal>(context.AssetPrices, StringComparer.Ordinal));
    }

    /// <summary>The booking market and, read with it, the account's free balance of the symbol's base asset (what a sell may send at most).</summary>
    /// <exception cref="ExchangeException">The exchange could not answer.</exception>
    internal async Task<(BookingMarket Market, decimal FreeBase)> ReadWithFreeBaseAsync(CycleContext context, string symbol, CancellationToken cancellationToken)
    {
        var quote = bot.Value.QuoteAsset;
        var market = ReadAsync(context, symbol, cancellationToken);
        var free = exchange.GetFreeBalanceAsync(symbol.EndsWith(quote, StringComparison.Ordinal) ? symbol[..^quote.Length] : symbol, cancellationToken);
        await Task.WhenAll(market, free).ConfigureAwait(false);
        return (await market.ConfigureAwait(false), await free.ConfigureAwait(false));
    }
}
