using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Market;

/// <summary>The part of <c>GET /api/v3/exchangeInfo</c> the bot uses.</summary>
public sealed record ExchangeInfo(long ServerTime, IReadOnlyList<RateLimit> RateLimits, IReadOnlyList<SymbolRules> Symbols);

/// <summary>One entry of <c>rateLimits</c>, e.g. REQUEST_WEIGHT 6000 per 1 MINUTE.</summary>
public sealed record RateLimit(string Type, string Interval, int IntervalNum, int Limit);
