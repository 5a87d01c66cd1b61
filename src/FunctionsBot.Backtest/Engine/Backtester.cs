using System.Diagnostics;
using FunctionsBot.Backtest.Data;
using FunctionsBot.Core;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Backtest.Engine;

/// <summary>
/// Runs the bot's own trade cycle over history: the services the function app composes (<see cref="CoreServiceCollectionExtensions.AddBotCore"/>:
/// strategy → shaping → risk → execution → booking → protection), with the in-memory ledger, the historical exchange and
/// the virtual clock as its adapters. One cycle at each candle's open; the same input gives the same output.
/// </summary>
public static class Backtester
{
    /// <summary>Settings a backtest starts from; <see cref="BacktestOptions.Settings"/> override them.</summary>
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bot:Mode"] = "Simulated",
        ["Bot:Account"] = "backtest",
        ["Risk:CooldownMinutes"] = "0",
    };

    /// <summary>The bot composed for a backtest; fails like the app's start-up, naming every bad setting.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid (an unknown strategy, a period out of range …).</exception>
    internal static ServiceProvider Compose(Dictionary<string, string?> settings, HistoricalExchange exchange, BacktestLedger ledger, VirtualClock clock, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILedgerStore>(ledger);
        services.AddSingleton<IAuditSeal>(ledger);
        services.AddSingleton<ICycleLock, BacktestLock>();
        services.AddSingleton<IExchange>(exchange);
        services.AddSingleton<IProtectiveOrders>(exchange);
        extra?.Invoke(services);
        services.AddBotCore();
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Several sections failed: one error naming every bad setting, as the app's start-up log does.
            provider.Dispose();
            throw new OptionsValidationException("settings", typeof(IConfiguration), ex.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures));
        }

        return provider;
    }

    /// <summary>The backtest's defaults, then its symbols and interval, then the user's settings (<c>__</c> or <c>:</c>).</summary>
    internal static Dictionary<string, string?> Settings(BacktestOptions options)
    {
        var settings = new Dictionary<string, string?>(Defaults, StringComparer.OrdinalIgnoreCase)
        {
            ["Bot:Symbols"] = string.Join(',', options.Symbols),
            ["Strategy:Interval"] = options.Interval,
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return settings;
    }

    /// <summary>The strategy the settings select, composed and validated as for a run (for the bias checks).</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    public static IStrategy Strategy(BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = Settings(options);
        using var provider = Compose(settings, new HistoricalExchange(options.Fills, "USDT", new Dictionary<string, decimal>()), new BacktestLedger(), new VirtualClock());
        var name = provider.GetRequiredService<IOptions<StrategyOptions>>().Value.Name;
        return provider.GetRequiredService<IEnumerable<IStrategy>>().Single(s => s.Name == name);
    }

    /// <summary>The candles of a symbol for the options' window: from the data, or the synthetic market.</summary>
    public static IEnumerable<Candle> Candles(BacktestOptions options, string symbol)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Data is { } data
            ? KlineFiles.Read(data, symbol, options.Interval, options.From, options.To)
            : SyntheticMarket.Generate(symbol, options.Interval, options.From, options.To, options.Seed);
    }

    public static async Task<BacktestResult> RunAsync(BacktestOptions options, CancellationToken cancellationToken, Action<IServiceCollection>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate().ToList() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }

        var started = Stopwatch.GetTimestamp();
        var clock = new VirtualClock { Now = options.From };
        var ledger = new BacktestLedger();
        var settings = Settings(options);
        var quote = settings.GetValueOrDefault("Bot:QuoteAsset") ?? new BotOptions().QuoteAsset;
        var exchange = new HistoricalExchange(options.Fills, quote, new Dictionary<string, decimal>(StringComparer.Ordinal) { [quote] = options.StartQuote, ["BNB"] = options.StartBnb });
        await using var provider = Compose(settings, exchange, ledger, clock, extra);
        var strategy = provider.GetRequiredService<IEnumerable<IStrategy>>().Single(s => s.Name == provider.GetRequiredService<IOptions<StrategyOptions>>().Value.Name);
        var runner = provider.GetRequiredService<TradeCycleRunner>();

        var markets = options.Symbols.ToList();
        var bnb = "BNB" + quote;
        if (!markets.Contains(bnb, StringComparer.Ordinal) && (options.Data is null || KlineFiles.Has(options.Data, bnb, options.Interval)))
        {
            markets.Add(bnb); // priced for fees in BNB, not traded
        }

        var sources = new List<(string Symbol, IEnumerator<Candle> Candles)>();
        try
        {
            foreach (var symbol in markets)
            {
                var candles = Candles(options, symbol).GetEnumerator();
                if (!candles.MoveNext())
                {
                    throw new InvalidDataException($"No {symbol} {options.Interval} candles between {options.From:O} and {options.To:O}.");
                }

                exchange.List(symbol, options.ExchangeInfo.FirstOrDefault(r => r.Symbol == symbol) ?? Rules.For(symbol, quote, candles.Current.Open), strategy.WarmUp);
                sources.Add((symbol, candles));
            }

            var curve = new EquityCurve(options.StartQuote + (options.StartBnb * (sources.FirstOrDefault(s => s.Symbol == "BNB" + quote).Candles?.Current.Open ?? 0m)));
            long bars = 0;
            var live = sources.ToList();
            var opened = new List<string>(live.Count);
            while (live.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = live.Min(s => s.Candles.Current.OpenTime);
                opened.Clear();
                for (var i = live.Count - 1; i >= 0; i--)
                {
                    var (symbol, candles) = live[i];
                    if (candles.Current.OpenTime != now)
                    {
                        continue;
                    }

                    exchange.Open(symbol, candles.Current);
                    exchange.RunPath(symbol, openingOnly: true);
                    opened.Add(symbol);
                    bars += symbol == bnb && !options.Symbols.Contains(bnb) ? 0 : 1;
                    if (!candles.MoveNext())
                    {
                        live.RemoveAt(i);
                    }
                }

                clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(now);
                await runner.RunAsync(cancellationToken).ConfigureAwait(false);
                foreach (var symbol in opened)
                {
                    exchange.RunPath(symbol);
                }

                curve.Add(now, Equity(exchange, quote), ledger.Open.Any(p => p.Status == PositionStatus.Open));
            }

            return new BacktestResult(
                options, strategy.Name, ledger.Closed.ToList(), ledger.Open.ToList(), exchange.Trades, curve, ledger.Refusals, ledger.AuditCounts, exchange.Balances.ToDictionary(), bars,
                Stopwatch.GetElapsedTime(started), quote);
        }
        finally
        {
            foreach (var (_, candles) in sources)
            {
                candles.Dispose();
            }
        }
    }

    /// <summary>The account marked at each asset's last close: the exchange's balances, not the ledger's.</summary>
    private static decimal Equity(HistoricalExchange exchange, string quote)
    {
        var equity = 0m;
        foreach (var (asset, amount) in exchange.Balances)
        {
            equity += asset == quote ? amount : amount * exchange.CloseOf(asset + quote);
        }

        return equity;
    }
}
