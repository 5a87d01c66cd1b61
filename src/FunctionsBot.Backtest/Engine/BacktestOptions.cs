namespace FunctionsBot.Backtest.Engine;

/// <summary>One backtest: the market, the window, the bot's settings (<c>Key=Value</c> as the app reads them) and the fill model.</summary>
public sealed record BacktestOptions
{
    public required IReadOnlyList<string> Symbols { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public string Interval { get; init; } = "1m";

    /// <summary>A kline file or folder (Binance public-data layout); null: the seeded synthetic market.</summary>
    public string? Data { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Symbols' rules from a saved exchangeInfo reply; a symbol it does not list gets rules in Binance's shape for its price.</summary>
    public IReadOnlyList<Core.Exchange.SymbolRules> ExchangeInfo { get; init; } = [];

    /// <summary>Settings as the function app reads them (<c>Strategy__Name</c>, <c>Risk__MaxOpenPositions</c> …), applied over the backtest's defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public FillModel Fills { get; init; } = new();

    public decimal StartQuote { get; init; } = 10_000m;

    /// <summary>BNB held at the start (fees are paid in BNB only with <see cref="FillModel.FeesInBnb"/> and BNB free).</summary>
    public decimal StartBnb { get; init; }

    public bool IsSynthetic => Data is null;

    public IEnumerable<string> Validate()
    {
        if (Symbols.Count == 0)
        {
            yield return "--symbols: give at least one symbol (BTCUSDT,ETHUSDT …).";
        }

        if (To <= From)
        {
            yield return $"--to ({To:O}) must be after --from ({From:O}).";
        }

        if (StartQuote <= 0)
        {
            yield return $"--quote = {StartQuote}: must be greater than 0.";
        }

        foreach (var problem in Fills.Validate())
        {
            yield return problem;
        }
    }
}
