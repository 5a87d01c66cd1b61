using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using static FunctionsBot.Core.Tests.Booking.BookingData;

namespace FunctionsBot.Core.Tests.Booking;

/// <summary>The booking rules, one exchange reality per row: what the position holds, what it cost, what was realized.</summary>
public sealed class PositionBookingTests
{
    [Fact]
    public void Entry_ZeroFill_IntentFailsWithNoPosition()
    {
        var booked = PositionBooking.Entry(Intent(), Outcome(), Market, Levels, [], Now);

        Assert.Equal((PositionStatus.Failed, 0m, 0m, false), (booked.Position.Status, booked.Position.Quantity, booked.Position.EntryCost, booked.Filled));
        Assert.Contains("filled nothing", booked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_PartialFillAcrossLevels_HoldsWhatArrivedNetOfBaseCommissionAtItsCost()
    {
        var booked = PositionBooking.Entry(
            Intent(0.001m), Outcome(new Fill(60_000m, 0.0004m, 0.0000004m, "BTC"), new Fill(60_012m, 0.0002m, 0.0000002m, "BTC")), Market, Levels, [], Now);

        var p = booked.Position;
        Assert.Equal(PositionStatus.Open, p.Status);
        Assert.Equal(0.0006m - 0.0000006m, p.Quantity);
        Assert.Equal((0.0004m * 60_000m) + (0.0002m * 60_012m), p.EntryCost);
        Assert.Equal(p.EntryCost, p.HeldCost);
        Assert.Equal(p.EntryCost / 0.0006m, p.EntryPrice);
        Assert.Equal(p.EntryPrice * 0.98m, p.StopPrice);
        Assert.Contains("0.0006 of 0.001 asked", booked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_FeeInBnb_ValuedInQuoteIntoTheCostAndTheBaseArrivesWhole()
    {
        var booked = PositionBooking.Entry(Intent(), Outcome(new Fill(60_000m, 0.001m, 0.000075m, "BNB")), Market, Levels, [], Now);

        Assert.Equal(0.001m, booked.Position.Quantity);
        Assert.Equal(60m + (0.000075m * BnbPrice), booked.Position.EntryCost);
        Assert.Equal(0.000075m * BnbPrice, booked.Fees.OtherInQuote);
        Assert.Contains("0.000075 BNB at 600 USDT = 0.045 USDT", booked.Message, StringComparison.Ordinal);
        Assert.Equal("600", booked.Data["commissionBNBPrice"]);
    }

    [Fact]
    public void Entry_FeeInTheQuoteAsset_AddedToTheCost()
    {
        var booked = PositionBooking.Entry(Intent(), Outcome(new Fill(60_000m, 0.001m, 0.06m, "USDT")), Market, Levels, [], Now);

        Assert.Equal((0.001m, 60.06m), (booked.Position.Quantity, booked.Position.EntryCost));
    }

    [Fact]
    public void Entry_FeeInAnAssetWithNoPrice_NamedAsNotValued()
    {
        var booked = PositionBooking.Entry(Intent(), Outcome(new Fill(60_000m, 0.001m, 0.1m, "FDUSD")), Market, Levels, [], Now);

        Assert.Equal(["FDUSD"], booked.Fees.Unvalued);
        Assert.Equal(60m, booked.Position.EntryCost);
        Assert.Contains("not valued", booked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_TooLittleFilledToSellAgain_DustFromTheStartWithItsCostWrittenOff()
    {
        var booked = PositionBooking.Entry(Intent(), Outcome(new Fill(60_000m, 0.00005m, 0.00000005m, "BTC")), Market, Levels, [], Now);

        Assert.Equal((PositionStatus.Dust, 0.00004995m, 0m, 3m), (booked.Position.Status, booked.Position.Quantity, booked.Position.HeldCost, booked.WrittenOff));
    }

    [Fact]
    public void Entry_DustOfTheAssetHeld_AbsorbedIntoTheNewPosition()
    {
        var dust = Open(0.00000999m, 0m, sequence: 1) with { Status = PositionStatus.Dust, HeldCost = 0m, DustWrittenOff = 0.6m };

        var booked = PositionBooking.Entry(Intent(sequence: 2), Outcome(new Fill(60_000m, 0.001m, 0.000001m, "BTC")), Market, Levels, [dust], Now);

        Assert.Equal(0.000999m + 0.00000999m, booked.Position.Quantity);
        Assert.Equal(60m, booked.Position.HeldCost);
        var absorbed = Assert.Single(booked.Absorbed);
        Assert.Equal((1L, PositionStatus.Closed, 0m), (absorbed.Sequence, absorbed.Status, absorbed.Quantity));
        Assert.Contains("absorbed dust 0.00000999 from #1", booked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_PartialFill_RealizesOnThePartSoldAndTheRestStaysOpenAtItsShareOfTheCost()
    {
        var booked = PositionBooking.Exit(Closing(Open(0.001m, 60m)), Outcome(new Fill(61_000m, 0.0004m, 0.0244m, "USDT")), Market, Now);

        Assert.Equal(PositionStatus.Open, booked.Position.Status);
        Assert.Equal((0.0006m, 36m), (booked.Position.Quantity, booked.Position.HeldCost));
        Assert.Equal(24.4m - 0.0244m - 24m, booked.RealizedPnl);
        Assert.Equal(booked.RealizedPnl, booked.Position.RealizedPnl);
        Assert.Equal(0m, booked.WrittenOff);
        Assert.Null(booked.Position.ClosedAt);
    }

    [Fact]
    public void Exit_RestBelowTheLotAndNotionalMinimums_DustWithItsCostWrittenOff()
    {
        var open = Open(0.00100999m, 60.6m);

        var booked = PositionBooking.Exit(Closing(open), Outcome(new Fill(60_000m, 0.001m, 0.06m, "USDT")), Market, Now);

        var costSold = 60.6m * 0.001m / 0.00100999m;
        Assert.Equal((PositionStatus.Dust, 0.00000999m, 0m), (booked.Position.Status, booked.Position.Quantity, booked.Position.HeldCost));
        Assert.Equal(60m - 0.06m - costSold, booked.RealizedPnl);
        Assert.Equal(60.6m - costSold, booked.WrittenOff);
        Assert.Equal(60m - 0.06m - 60.6m, booked.DayResult);
    }

    [Fact]
    public void Exit_FeeInBnb_ValuedOutOfTheProceeds()
    {
        var booked = PositionBooking.Exit(Closing(Open(0.001m, 60m)), Outcome(new Fill(62_000m, 0.001m, 0.0000775m, "BNB")), Market, Now);

        Assert.Equal((PositionStatus.Closed, 0m), (booked.Position.Status, booked.Position.Quantity));
        Assert.Equal(62m - (0.0000775m * BnbPrice) - 60m, booked.RealizedPnl);
    }

    [Fact]
    public void Exit_AllSoldWithTheCommissionInBase_TheBaseFromOutsideTheLedgerValuedOutOfTheProceeds()
    {
        // The whole position sold, and the exchange took the commission in the base asset too (a BNBUSDT sale with BNB fees):
        // that base came from outside the ledger, so it is not the position's; at the fill's price it is a cost of the sale.
        var booked = PositionBooking.Exit(Closing(Open(0.001m, 60m)), Outcome(new Fill(62_000m, 0.001m, 0.00000075m, "BTC")), Market, Now);

        Assert.Equal((PositionStatus.Closed, 0m), (booked.Position.Status, booked.Position.Quantity));
        Assert.Equal(62m - (0.00000075m * 62_000m) - 60m, booked.RealizedPnl);
        Assert.Equal(("0.00000075", "0.0465"), (booked.Data["baseFromOutside"], booked.Data["baseFromOutsideInQuote"]));
    }

    [Fact]
    public void Exit_SoldNothing_BackToOpenUnchanged()
    {
        var open = Open(0.001m, 60m);

        var booked = PositionBooking.Exit(Closing(open), Outcome(), Market, Now);

        Assert.Equal((PositionStatus.Open, 0.001m, 60m, 0m), (booked.Position.Status, booked.Position.Quantity, booked.Position.HeldCost, booked.Sold));
        Assert.Equal(1, booked.Position.ExitCount);
    }
}
