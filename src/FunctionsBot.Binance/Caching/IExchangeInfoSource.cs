using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Caching;

/// <summary>Where the cache gets symbol rules from (the client; a fake in tests).</summary>
internal interface IExchangeInfoSource
{
    Task<IReadOnlyList<SymbolRules>> FetchAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);
}
