using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Core.Booking;

/// <summary>
/// What booking needs of the market when an order is booked: the symbol's rules (its assets, and the filters
/// that decide whether a remainder can still be sold), the average price the notional filters use, and the
/// price in the quote asset of each asset a commission may be paid in (for example BNB).
/// </summary>
public sealed record BookingMarket(SymbolRules Rules, decimal AveragePrice, IReadOnlyDictionary<string, decimal> AssetPrices);
