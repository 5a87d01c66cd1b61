using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Strategy;
using FunctionsBot.Core.Tests.Fakes;

namespace FunctionsBot.Core.Tests.Cycle;

/// <summary>
/// Entries as the defaults send them: a LIMIT IOC at the best ask plus Strategy__MaxSlippagePercent, judged by risk at that
/// price, and where the symbol takes OPOCO the position's OCO in the same request; a part fill, a refusal and an unknown
/// outcome of the OPOCO. The fake's ask is its price, 100; its step is 0.001 and the commission 0.1 % of the base.
/// </summary>
public sealed class EntryOrderTests : CycleScenario
{
    private static readonly string EntryId = ClientOrderIds.Entry(Account, 1);

    public EntryOrderTests() => Exchange.AdjustRules = rules => rules with { OpoAllowed = true, MaxNumOrderLists = 20 };

    [Fact]
    public async Task LimitEntry_PricedAtTheAskPlusTheSlippage_ReservedAndJudgedAtThatWorstPrice()
    {
        Exchange.AdjustRules = null;
        await EnterAsync(new StrategyOptions());

        Assert.Equal(100.5m, Exchange.LimitPrices[EntryId]);
        var intent = Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.EntryIntent);
        Assert.Contains("LIMIT IOC at 100.5 or better (ask 100 + 0.5 %), 20.1 reserved", intent.Message, StringComparison.Ordinal);
        Assert.Contains("does not take OPOCO lists", intent.Message, StringComparison.Ordinal);
        Assert.Equal([ClientOrderIds.ProtectionList(Account, 1, 1)], Exchange.ListsSent);
    }

    [Fact]
    public async Task LimitEntry_LossJudgedAtTheLimitNotTheLastPrice_RefusedWhereAMarketEntryWouldPass()
    {
        // At the limit: 0.2 × (100.5 − 97.99, the stop's limit from 100.5) + fees 0.1 % both ways = 0.54168 against a limit of
        // 0.54; at market (judged at 100): 0.2 × (100 − 97.51) + fees = 0.537502, which passes.
        Risk.MaxLossPerTradeQuote = 0.54m;
        Exchange.AdjustRules = null;
        Exchange.Closes = FakeExchange.CrossUp();
        await RunAsync(new StrategyOptions());
        Assert.Empty(Exchange.Sent);
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.RiskRefused);

        await RunAsync(new StrategyOptions { EntryOrderType = EntryOrderType.Market });
        Assert.Single(Exchange.Sent);
    }

    [Fact]
    public async Task Opoco_FilledFully_ProtectedFromTheFill_OneRequest_NoSecondList()
    {
        await EnterAsync(new StrategyOptions());

        Assert.Equal([ClientOrderIds.ProtectionList(Account, 1, 1)], Exchange.ListsSent);
        Assert.Single(Exchange.Sent);
        var protection = Position.Protection!;
        Assert.Equal((ProtectionStatus.Active, 1, 0.199m), (protection.Status, protection.Attempt, protection.Quantity)); // 0.2 − 0.0002 commission, down to the step
        Assert.Equal((98m, 97.51m, 103m), (protection.StopPrice, protection.StopLimitPrice, protection.TakeProfitPrice));
        Assert.Equal((98m, 103m), (Position.StopPrice, Position.TakeProfitPrice));
        Assert.DoesNotContain(Ledger.Audit(Account), a => a.Kind == AuditKind.ProtectionIntent);
        var filled = Assert.Single(Ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled);
        Assert.Contains("works at the exchange from the fill: 0.199 sells at 103", filled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opoco_FilledInPart_ItsPendingListNeverPlaced_TheBotProtectsWhatItGotInTheSameCycle()
    {
        Exchange.FillFraction = 0.5m;
        Exchange.Closes = FakeExchange.CrossUp();

        await RunAsync(new StrategyOptions());

        Assert.Equal([ClientOrderIds.ProtectionList(Account, 1, 1), ClientOrderIds.ProtectionList(Account, 1, 2)], Exchange.ListsSent);
        Assert.DoesNotContain(ClientOrderIds.ProtectionList(Account, 1, 1), Exchange.OpenLists);
        var protection = Position.Protection!;
        Assert.Equal((ProtectionStatus.Active, 2, 0.099m), (protection.Status, protection.Attempt, protection.Quantity));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.OrderFilled && a.Message.Contains("its pending OCO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opoco_Refused_TheEntryGoesAloneThenItsOco_AllInOneCycle_Audited()
    {
        Exchange.ListFailure = new ExchangeException("OPO orders are not supported for this symbol.", ExecutionStatus.Rejected, ExchangeFailure.Refused);
        Exchange.Closes = FakeExchange.CrossUp();

        await RunAsync(new StrategyOptions());

        var positions = Ledger.Positions(Account);
        Assert.Equal([PositionStatus.Failed, PositionStatus.Open], positions.OrderBy(p => p.Sequence).Select(p => p.Status));
        Assert.Equal(ProtectionStatus.Ended, positions.Single(p => p.Status == PositionStatus.Failed).Protection!.Status);
        Assert.Equal([ClientOrderIds.Entry(Account, 2)], Exchange.Sent.Select(s => s.ClientOrderId));
        Assert.Equal(ProtectionStatus.Active, positions.Single(p => p.Status == PositionStatus.Open).Protection!.Status);
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.IntentFailed && a.Message.Contains("refused the OPOCO", StringComparison.Ordinal));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.EntryIntent && a.Message.Contains("Its OCO follows on its own: the exchange refused the OPOCO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opoco_RejectedByARateLimit_NotARefusal_NoEntryAloneThisCycle()
    {
        Exchange.ListFailure = new ExchangeException("HTTP 429", ExecutionStatus.Rejected, ExchangeFailure.BackingOff);
        Exchange.Closes = FakeExchange.CrossUp();

        await RunAsync(new StrategyOptions());

        Assert.Equal((PositionStatus.Failed, ProtectionStatus.Ended), (Position.Status, Position.Protection!.Status)); // nothing waits on a list never placed
        Assert.Empty(Exchange.Sent);
        Assert.Single(Exchange.ListsSent);
        Assert.DoesNotContain(Ledger.Audit(Account), a => a.Message.Contains("refused the OPOCO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opoco_OutcomeUnknown_NeverResent_RecoveredByItsWorkingOrder_ProtectedByItsList()
    {
        Exchange.ListFailure = new ExchangeException("no response", ExecutionStatus.Unknown, ExchangeFailure.Outage);
        Exchange.ListFailureStillPlaces = true;
        Exchange.Closes = FakeExchange.CrossUp();
        await RunAsync(new StrategyOptions());
        Assert.Equal(PositionStatus.Pending, Position.Status);

        Exchange.Closes = FakeExchange.Flat();
        await RunAsync(new StrategyOptions());

        Assert.Single(Exchange.ListsSent);
        Assert.Equal((PositionStatus.Open, ProtectionStatus.Active, 0.199m), (Position.Status, Position.Protection!.Status, Position.Protection.Quantity));
        Assert.Contains(Ledger.Audit(Account), a => a.Kind == AuditKind.IntentRecovered && a.Message.Contains("works at the exchange from the fill", StringComparison.Ordinal));
    }

    private async Task EnterAsync(StrategyOptions strategy)
    {
        Exchange.Closes = FakeExchange.CrossUp();
        await RunAsync(strategy);
        Exchange.Closes = FakeExchange.Flat();
    }

    private Task RunAsync(StrategyOptions strategy) => TestRunner.Create(Lock, Ledger, Exchange, Time, Risk, "BTCUSDT", strategyOptions: strategy).RunAsync(Ct);
}
