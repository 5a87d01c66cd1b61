namespace FunctionsBot.Simulator;

/// <summary>Section <c>Simulator</c>.</summary>
internal sealed class SimulatorOptions
{
    /// <summary><c>Simulator__ApiKey</c>: the one API key the simulated account accepts.</summary>
    public string ApiKey { get; set; } = "simulator-api-key";

    /// <summary><c>Simulator__ApiSecret</c>: its HMAC secret (used when no <see cref="ApiPublicKey"/> is registered).</summary>
    public string ApiSecret { get; set; } = "simulator-api-secret";

    /// <summary>
    /// <c>Simulator__ApiPublicKey</c>: the public key registered for <see cref="ApiKey"/> when it is an asymmetric key, an
    /// Ed25519 or RSA <c>-----BEGIN PUBLIC KEY-----</c> PEM (SubjectPublicKeyInfo), as Binance takes it. Empty: HMAC.
    /// </summary>
    public string ApiPublicKey { get; set; } = string.Empty;

    /// <summary><c>Simulator__ClockSpeed</c>: market time runs this many times faster than real time (1–10000).</summary>
    public double ClockSpeed { get; set; } = 1;

    /// <summary>
    /// <c>Simulator__Replay</c>: a kline file (CSV or zip, Binance public-data layout) or a folder of them; their symbols'
    /// market replays the file instead of the generated path, and the market clock starts at its first candle unless
    /// <see cref="MarketStart"/> says otherwise. Step it with <c>POST /admin/clock {"marketTime": ms}</c>.
    /// </summary>
    public string? Replay { get; set; }

    /// <summary><c>Simulator__MarketStart</c>: market time at start-up (default: now).</summary>
    public DateTimeOffset? MarketStart { get; set; }

    /// <summary><c>Simulator__Balances</c>: starting free balances, <c>ASSET=amount,...</c>.</summary>
    public string Balances { get; set; } = "USDT=10000";

    /// <summary><c>Simulator__CommissionRate</c>: taker commission on the received asset, e.g. 0.001 = 0.1 %.</summary>
    public decimal CommissionRate { get; set; } = 0.001m;

    /// <summary>
    /// <c>Simulator__PayFeesWithBnb</c>: the account's "pay fees with BNB" setting. While on and the account holds
    /// enough BNB, every fill's commission is <see cref="BnbCommissionRate"/> of its quote value, paid in BNB at the
    /// BNBUSDT price of the moment; otherwise <see cref="CommissionRate"/> of the received asset.
    /// </summary>
    public bool PayFeesWithBnb { get; set; }

    /// <summary><c>Simulator__BnbCommissionRate</c>: the discounted rate when paying in BNB, default 0.00075 (0.075 %).</summary>
    public decimal BnbCommissionRate { get; set; } = 0.00075m;

    /// <summary><c>Simulator__BookLevels</c>: price levels per side of every symbol's book (0–1000), default 20.</summary>
    public int BookLevels { get; set; } = 20;

    /// <summary><c>Simulator__BookSpacing</c>: distance between levels as a fraction of the price, default 0.0002 (2 bp).</summary>
    public decimal BookSpacing { get; set; } = 0.0002m;

    /// <summary><c>Simulator__BookLevelQuote</c>: quote held at each level (± 50 %), default 1000000 (a deep book).</summary>
    public decimal BookLevelQuote { get; set; } = 1_000_000m;

    /// <summary><c>Simulator__EmptyBookPercent</c>: share of market seconds in which a side of a book is empty (a MARKET order then expires unfilled), default 0.</summary>
    public double EmptyBookPercent { get; set; }

    /// <summary><c>Simulator__LatencyMs</c>: added to every request.</summary>
    public int LatencyMs { get; set; }

    /// <summary><c>Simulator__OrderNotFoundMs</c>: after a placement, querying the order answers -2013 for this long.</summary>
    public int OrderNotFoundMs { get; set; }

    /// <summary><c>Simulator__OcoDisallowed</c>: symbols whose exchangeInfo says <c>ocoAllowed: false</c> and that refuse OCO lists.</summary>
    public string OcoDisallowed { get; set; } = string.Empty;

    public bool AllowsOco(string symbol) => !OcoDisallowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(symbol);

    /// <summary><c>Simulator__OpoDisallowed</c>: symbols whose exchangeInfo says <c>opoAllowed: false</c> and that refuse OPO / OPOCO lists.</summary>
    public string OpoDisallowed { get; set; } = string.Empty;

    /// <summary>OPOCO needs <c>otoAllowed</c> (always), <c>opoAllowed</c> and <c>ocoAllowed</c> (faqs/opo.md).</summary>
    public bool AllowsOpo(string symbol) => AllowsOco(symbol) && !OpoDisallowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(symbol);

    /// <summary><c>Simulator__GeneratedSymbols</c>: symbols added to the six listed ones (<c>S001USDT</c> …), 0–500, default 0.</summary>
    public int GeneratedSymbols { get; set; }

    /// <summary><c>Simulator__WeightLimitPerMinute</c>: request weight per minute before 429.</summary>
    public int WeightLimitPerMinute { get; set; } = 6000;

    public IReadOnlyDictionary<string, decimal> ParseBalances() =>
        Balances.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => decimal.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
