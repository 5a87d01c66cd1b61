using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;

namespace FunctionsBot.Core.Tests.Reconciliation;

public sealed class LedgerComparisonTests
{
    private const string Prefix = "fbabcdef01-";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compare_LedgerEqualsTheExchange_FindsNothing()
    {
        var input = Input(balance: 0.0999m);

        Assert.Empty(LedgerComparison.Compare(input));
    }

    [Fact]
    public void Compare_PartSoldOutside_ProposesToCloseThatPartAtTheOutsideTradesPriceAndFee()
    {
        var outside = new ExchangeTrade("BTCUSDT", 90, 500, OrderSide.Sell, 101m, 0.04m, 4.04m, 0.00404m, "USDT", Now.AddMinutes(-5));
        var input = Input(balance: 0.0599m, extraTrades: [outside]);

        var difference = Assert.Single(LedgerComparison.Compare(input));

        Assert.Equal(DifferenceKind.AssetShortfall, difference.Kind);
        Assert.Equal(0.04m * 100m, difference.ValueInQuote);
        Assert.Equal(CorrectionKind.CloseSoldOutside, difference.Correction!.Kind);
        Assert.Equal([new Allocation(7, 0.04m)], difference.Correction.Allocations);
        Assert.Equal((101m, 0.101m, outside.Time), (difference.Correction.Price, difference.Correction.FeeInQuote, difference.Correction.At));
    }

    [Fact]
    public void Compare_ShortfallNoTradeExplains_ProposesAWriteOff()
    {
        var difference = Assert.Single(LedgerComparison.Compare(Input(balance: 0.09m)));

        Assert.Equal(CorrectionKind.WriteOffShortfall, difference.Correction!.Kind);
        Assert.Equal([new Allocation(7, 0.0099m)], difference.Correction.Allocations);
    }

    [Fact]
    public void Compare_ABotPrefixedBuyTheLedgerNeverBooked_ProposesAdoptionFromItsFills()
    {
        var order = new ExchangeOrder("BTCUSDT", 501, Prefix + "hand-1", OrderSide.Buy, "Filled", false, 0.01m, 0.01m, 1.0m, Now.AddMinutes(-1));
        var fill = new ExchangeTrade("BTCUSDT", 91, 501, OrderSide.Buy, 100m, 0.01m, 1.0m, 0.00001m, "BTC", Now.AddMinutes(-1));
        var input = Input(balance: 0.1099m - 0.00001m, extraOrders: [order], extraTrades: [fill]);

        var difference = Assert.Single(LedgerComparison.Compare(input));

        Assert.Equal(DifferenceKind.UnknownBotOrder, difference.Kind);
        Assert.Equal(1.0m, difference.ValueInQuote);
        Assert.Equal((CorrectionKind.AdoptOrder, 0.01m, 1.0m, 0.00001m), (difference.Correction!.Kind, difference.Correction.ExecutedQuantity, difference.Correction.QuoteQuantity, difference.Correction.CommissionInBase));
    }

    [Fact]
    public void Compare_FeesTheLedgerBookedDifferently_AreValuedInQuote()
    {
        var booked = new BookedOrder(Prefix + "7-e", "BTCUSDT", 0.1m, 10m, new Dictionary<string, decimal> { ["BTC"] = 0.00009m }, Now.AddHours(-1));
        var input = Input(balance: 0.0999m) with { Booked = new Dictionary<string, BookedOrder> { [booked.ClientOrderId] = booked } };

        var difference = Assert.Single(LedgerComparison.Compare(input));

        Assert.Equal(DifferenceKind.FeesDiffer, difference.Kind);
        Assert.Equal(0.00001m * 100m, difference.ValueInQuote);
        Assert.False(difference.IsAbove(0.01m));
    }

    [Fact]
    public void Compare_ABookedFillTheExchangeDoesNotKnow_IsMissing()
    {
        var input = Input(balance: 0.0999m) with { Symbols = [new SymbolActivity("BTCUSDT", "BTC", 100m, [], [], [])] };

        var differences = LedgerComparison.Compare(input);

        Assert.Contains(differences, d => d.Kind == DifferenceKind.MissingAtExchange && d.ValueInQuote == 10m);
    }

    [Fact]
    public void Compare_AnIntentInFlight_LeavesItsAssetUncompared()
    {
        var input = Input(balance: 0m) with { Positions = [Held() with { Status = PositionStatus.Closing, ExitClientOrderId = Prefix + "7-x" }] };

        var difference = Assert.Single(LedgerComparison.Compare(input));

        Assert.Equal((DifferenceKind.InFlight, 0m), (difference.Kind, difference.ValueInQuote));
    }

    [Fact]
    public void Compare_AnOpenOrderListWithTheBotsPrefix_IsUnexpectedAndUnvalued_ItsLegsAreNotReportedTwice()
    {
        var leg = new ExchangeOrder("BTCUSDT", 600, Prefix + "l-s", OrderSide.Sell, "New", true, 0.05m, 0m, 0m, Now) { OrderListId = 9 };
        var input = Input(balance: 0.0999m) with
        {
            Symbols = [new SymbolActivity("BTCUSDT", "BTC", 100m, Input(0m).Symbols[0].Orders, Input(0m).Symbols[0].Trades, [leg])],
            OpenOrderLists = [new ExchangeOrderList("BTCUSDT", 9, Prefix + "l", [Prefix + "l-s", Prefix + "l-t"]), new ExchangeOrderList("BTCUSDT", 10, "someone-else", ["x", "y"])],
        };

        var difference = Assert.Single(LedgerComparison.Compare(input));

        Assert.Equal((DifferenceKind.UnexpectedOrderList, null), (difference.Kind, difference.ValueInQuote));
        Assert.True(difference.IsAbove(1000m));
    }

    [Fact]
    public void Compare_TheProtectiveListsThePositionsWrote_AreTheBots_AnEarlierOnesEmptyLegsNeedNoBooking_ALeftListIsInFlight()
    {
        // Attempt 1 ended with nothing sold (its legs expired); attempt 2 is working.
        var p1 = Prefix + "7-p1";
        var p2 = Prefix + "7-p2";
        var ended = new[] { Leg(601, p1 + "s", "EXPIRED", open: false, listId: 11), Leg(602, p1 + "t", "CANCELED", open: false, listId: 11) };
        var working = new[] { Leg(603, p2 + "s", "NEW", open: true, listId: 12), Leg(604, p2 + "t", "NEW", open: true, listId: 12) };
        var position = Held() with { Protection = new Protection { Attempt = 2, Status = ProtectionStatus.Active, ListClientOrderId = p2, Quantity = 0.099m, RequestedAt = Now, OrderListId = 12 } };
        var input = Input(balance: 0.0999m, extraOrders: [.. ended, .. working]) with
        {
            Positions = [position],
            Symbols = [new SymbolActivity("BTCUSDT", "BTC", 100m, [.. Input(0m).Symbols[0].Orders, .. ended, .. working], Input(0m).Symbols[0].Trades, working)],
            OpenOrderLists = [new ExchangeOrderList("BTCUSDT", 12, p2, [p2 + "s", p2 + "t"])],
        };

        Assert.Empty(LedgerComparison.Compare(input));

        // The list left the open lists since the last cycle (a leg may have sold): the asset waits for the cycle to book it.
        var left = Assert.Single(LedgerComparison.Compare(input with { OpenOrderLists = [] }));
        Assert.Equal((DifferenceKind.InFlight, "BTCUSDT"), (left.Kind, left.Symbol));

        // A list the ledger never wrote is still unexpected, and so is a sold leg nothing booked.
        var stranger = LedgerComparison.Compare(input with { OpenOrderLists = [.. input.OpenOrderLists, new ExchangeOrderList("BTCUSDT", 13, Prefix + "9-p1", [Prefix + "9-p1s", Prefix + "9-p1t"])] });
        Assert.Equal(DifferenceKind.UnexpectedOrderList, Assert.Single(stranger).Kind);
        var sold = Leg(605, Prefix + "7-p3t", "FILLED", open: false, listId: 14) with { ExecutedQuantity = 0.05m, QuoteQuantity = 5m };
        var unbooked = LedgerComparison.Compare(input with { Symbols = [input.Symbols[0] with { Orders = [.. input.Symbols[0].Orders, sold] }] });
        Assert.Contains(unbooked, d => d.Kind == DifferenceKind.UnknownBotOrder && d.Message.Contains(sold.ClientOrderId, StringComparison.Ordinal));
    }

    private static ExchangeOrder Leg(long id, string clientOrderId, string status, bool open, long listId) =>
        new("BTCUSDT", id, clientOrderId, OrderSide.Sell, status, open, 0.099m, 0m, 0m, Now.AddMinutes(-30)) { OrderListId = listId };

    private static Position Held() => new()
    {
        Sequence = 7, Symbol = "BTCUSDT", Status = PositionStatus.Open, EntryClientOrderId = Prefix + "7-e",
        Quantity = 0.0999m, EntryQuantity = 0.0999m, EntryCost = 10m, HeldCost = 10m, EntryPrice = 100m, CreatedAt = Now.AddHours(-1),
    };

    private static ComparisonInput Input(decimal balance, IReadOnlyList<ExchangeOrder>? extraOrders = null, IReadOnlyList<ExchangeTrade>? extraTrades = null)
    {
        var entry = new ExchangeOrder("BTCUSDT", 400, Prefix + "7-e", OrderSide.Buy, "Filled", false, 0.1m, 0.1m, 10m, Now.AddHours(-1));
        var fill = new ExchangeTrade("BTCUSDT", 80, 400, OrderSide.Buy, 100m, 0.1m, 10m, 0.0001m, "BTC", Now.AddHours(-1));
        var booked = new BookedOrder(Prefix + "7-e", "BTCUSDT", 0.1m, 10m, new Dictionary<string, decimal> { ["BTC"] = 0.0001m }, Now.AddHours(-1));
        return new ComparisonInput(
            Prefix,
            "USDT",
            [Held()],
            new Dictionary<string, BookedOrder> { [booked.ClientOrderId] = booked },
            Now.AddHours(-24),
            [new SymbolActivity("BTCUSDT", "BTC", 100m, [entry, .. extraOrders ?? []], [fill, .. extraTrades ?? []], [])],
            [new AccountBalance("BTC", balance, 0m), new AccountBalance("USDT", 990m, 0m)],
            new Dictionary<string, decimal> { ["USDT"] = 1m, ["BTC"] = 100m },
            0m);
    }
}
