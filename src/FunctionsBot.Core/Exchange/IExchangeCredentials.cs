namespace FunctionsBot.Core.Exchange;

/// <summary>Where the exchange API key and secret come from (configuration locally, Key Vault in Azure).</summary>
public interface IExchangeCredentials
{
    /// <summary>The current credentials, possibly cached.</summary>
    ValueTask<ExchangeCredentials> GetAsync(CancellationToken cancellationToken);

    /// <summary>Drops any cached value: the exchange said the key is invalid, so the next call fetches it anew.</summary>
    void Invalidate();
}
