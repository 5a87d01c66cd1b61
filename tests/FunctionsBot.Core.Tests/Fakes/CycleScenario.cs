using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Fakes;

/// <summary>
/// Cycles over fakes for one account, with the entry the protection scenarios start from: 0.2 BTCUSDT at 100
/// (commission 0.0002 in base) → 0.1998 held at cost 20; stop 2 % (98, its limit 97.51) and take-profit 3 % (103).
/// </summary>
public abstract class CycleScenario
{
    protected const string Account = "main";
    protected const decimal Held = 0.1998m;

    protected static readonly string ListId = ClientOrderIds.ProtectionList(Account, 1, 1);

    private protected InMemoryLedgerStore Ledger { get; } = new();

    private protected FakeCycleLock Lock { get; } = new();

    private protected FakeExchange Exchange { get; } = new();

    protected FakeTimeProvider Time { get; } = TestClock.Create();

    protected RiskOptions Risk { get; } = new() { MaxTradeQuote = 100m, MaxLossPerTradeQuote = 5m, CooldownMinutes = 0, RecoveryGraceSeconds = 60 };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The BTCUSDT position.</summary>
    protected Position Position => Assert.Single(Ledger.Positions(Account), p => p.Symbol == "BTCUSDT");

    /// <summary>One cycle in which the strategy enters, then flat closes.</summary>
    protected async Task EnterAsync(ProtectionMode protection = ProtectionMode.Exchange, string symbols = "BTCUSDT")
    {
        Exchange.Closes = FakeExchange.CrossUp();
        await CycleAsync(symbols, protection);
        Assert.Equal(Held, Position.Quantity);
        Exchange.Closes = FakeExchange.Flat();
    }

    protected Task CycleAsync(string symbols = "BTCUSDT", ProtectionMode protection = ProtectionMode.Exchange, RiskOptions? risk = null) =>
        TestRunner.Create(Lock, Ledger, Exchange, Time, risk ?? Risk, symbols, protection: protection).RunAsync(Ct);
}
