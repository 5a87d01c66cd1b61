using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Exchange;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Cycle;

/// <summary>
/// Reads what a stage needs of the market before an order is sent (so a fill never waits on market data to be
/// committed): the symbol's rules, its average price, the price in the quote asset of each asset the exchange may
/// take commissions in (BNB with Binance's fee discount, asked at most once per cycle), and with them the free
/// balance the order may spend (quote for a buy, base for a sell) and the last price. One round trip, not one per read.
/// </summary>
public sealed class BookingMarketReader(IExchange exchange, CycleJournal journal, IOptions<BotOptions> bot)
{
    /// <summary>Assets the exchange may charge commissions in besides the traded pair (Binance: BNB).</summary>
    public static readonly IReadOnlyList<string> CommissionAssets = ["BNB"];

    /// <summary>The booking market alone (a fill to book). The price of a commission asset is skipped when it is the quote or the symbol's own base.</summary>
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

    /// <summary>
    /// The booking market with the free balance an order on <paramref name="symbol"/> may use (<paramref name="side"/>:
    /// quote to buy, base to sell) and, when asked, the last price and the best ask; null when the exchange could not answer
    /// (recorded toward the breaker), so the stage leaves the symbol for this cycle.
    /// </summary>
    internal async Task<MarketView?> TryReadAsync(CycleContext context, string symbol, OrderSide side, bool lastPrice, CancellationToken cancellationToken, bool bestAsk = false)
    {
        var quote = bot.Value.QuoteAsset;
        try
        {
            context.ThrowIfLeaseLost();
            var market = ReadAsync(context, symbol, cancellationToken);
            var free = exchange.GetFreeBalanceAsync(side == OrderSide.Buy ? quote : symbol[..^quote.Length], cancellationToken);
            var last = lastPrice ? exchange.GetPriceAsync(symbol, cancellationToken) : Task.FromResult(0m);
            var ask = bestAsk ? exchange.GetBestAskAsync(symbol, cancellationToken) : Task.FromResult(0m);
            await Task.WhenAll(market, free, last, ask).ConfigureAwait(false);
            context.SignedCallSucceeded = true;
            return new MarketView(await market.ConfigureAwait(false), await free.ConfigureAwait(false), await last.ConfigureAwait(false)) { Ask = await ask.ConfigureAwait(false) };
        }
        catch (ExchangeException ex)
        {
            await journal.RecordExchangeFailureAsync(context, ex, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }
}

/// <summary>What an order is planned against: the booking market, the free balance it may use, and the last price (0 when not asked).</summary>
public sealed record MarketView(BookingMarket Market, decimal Free, decimal LastPrice)
{
    /// <summary>The best ask, when asked (a LIMIT entry's reference); 0 otherwise.</summary>
    public decimal Ask { get; init; }
}
