using CsCheck;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using static FunctionsBot.Core.Tests.Booking.BookingData;

namespace FunctionsBot.Core.Tests.Booking;

/// <summary>
/// Property: over random sequences of entries and exits with random partial fills, expiries (nothing filled) and
/// commission assets, the books equal the account. The oracle is an account model kept here from the fills
/// alone (quote, base and BNB balances, and BNB spent valued at its price), never from the booking code:
/// realized PnL − cost held − dust written off = the account's quote change − BNB commissions valued in quote,
/// and base held in the ledger (open and dust) = the account's base change.
/// </summary>
public sealed class BookingPropertyTests
{
    private static readonly string[] FeeAssets = ["BTC", "USDT", "BNB"];

    [Fact]
    public void RandomEntriesAndExits_BooksEqualTheAccount()
    {
        // Per step: how much to trade (in steps of 0.00001 BTC), the share that fills (0–100 %, 0 = expired),
        // how many fills, the price move, and which asset pays the commission.
        var step = Gen.Select(Gen.Int[1, 300], Gen.Int[0, 4], Gen.Int[1, 3], Gen.Int[-500, 500], Gen.Int[0, 2]);
        step.Array[1, 40].Sample(
            steps =>
            {
                var account = new AccountModel();
                var positions = new List<Position>();
                var sequence = 0L;
                var price = 60_000m;
                foreach (var (size, fillShare, fillCount, move, feeAsset) in steps)
                {
                    price += move;
                    var open = positions.SingleOrDefault(p => p.Status == PositionStatus.Open);
                    if (open is null)
                    {
                        var intent = Intent(size * 0.00001m, ++sequence);
                        var outcome = Fills(intent.RequestedQuantity, fillShare, fillCount, price, buying: true, FeeAssets[feeAsset]);
                        account.Apply(outcome, buying: true);
                        var booked = PositionBooking.Entry(intent, outcome, Market, Levels, positions, Now);
                        Replace(positions, [booked.Position, .. booked.Absorbed]);
                    }
                    else
                    {
                        var sell = Math.Floor(open.Quantity / 0.00001m) * 0.00001m; // the planner sells down to the lot step
                        var outcome = Fills(sell, fillShare, fillCount, price, buying: false, FeeAssets[1 + (feeAsset % 2)]);
                        account.Apply(outcome, buying: false);
                        Replace(positions, [PositionBooking.Exit(Closing(open), outcome, Market, Now).Position]);
                    }

                    var realized = positions.Sum(p => p.RealizedPnl ?? 0);
                    var held = positions.Where(p => p.Status == PositionStatus.Open).Sum(p => p.HeldCost);
                    var writtenOff = positions.Sum(p => p.DustWrittenOff);
                    Assert.Equal(account.Quote - account.BnbValued, realized - held - writtenOff, 18);
                    Assert.Equal(account.Base, positions.Where(p => p.HoldsBase).Sum(p => p.Quantity));
                    Assert.All(positions.Where(p => p.Status == PositionStatus.Dust), p => Assert.Equal(0m, p.HeldCost));
                }
            },
            iter: 500);
    }

    /// <summary>An order's fills as an exchange reports them: the share filled split over levels a tick apart, commission per fill.</summary>
    private static OrderOutcome Fills(decimal quantity, int fillShare, int fillCount, decimal price, bool buying, string feeAsset)
    {
        var executed = Math.Floor(quantity * fillShare / 4m / 0.00001m) * 0.00001m;
        var fills = new List<Fill>();
        var left = executed;
        for (var i = 0; i < fillCount && left > 0; i++)
        {
            var part = i == fillCount - 1 ? left : Math.Max(0.00001m, Math.Floor(left / 2 / 0.00001m) * 0.00001m);
            var at = price + ((buying ? 1 : -1) * i * 0.01m);
            var commission = feeAsset switch
            {
                "BTC" => decimal.Round(part * 0.001m, 8, MidpointRounding.ToPositiveInfinity),
                "USDT" => decimal.Round(part * at * 0.001m, 8, MidpointRounding.ToPositiveInfinity),
                _ => decimal.Round(part * at * 0.00075m / BnbPrice, 8, MidpointRounding.ToPositiveInfinity),
            };
            fills.Add(new Fill(at, part, commission, feeAsset));
            left -= part;
        }

        return new OrderOutcome("order", executed > 0 ? OrderProgress.Filled : OrderProgress.Ended, executed, fills.Sum(f => f.Price * f.Quantity), fills);
    }

    private static void Replace(List<Position> positions, IEnumerable<Position> changed)
    {
        foreach (var p in changed)
        {
            positions.RemoveAll(x => x.Sequence == p.Sequence);
            positions.Add(p);
        }
    }

    /// <summary>The account as the exchange keeps it: balance changes from fills and commissions.</summary>
    private sealed class AccountModel
    {
        public decimal Quote { get; private set; }

        public decimal Base { get; private set; }

        /// <summary>BNB spent on commissions, valued at the price the fills were booked at.</summary>
        public decimal BnbValued { get; private set; }

        public void Apply(OrderOutcome outcome, bool buying)
        {
            foreach (var fill in outcome.Fills)
            {
                var quote = fill.Price * fill.Quantity;
                Quote += buying ? -quote : quote;
                Base += buying ? fill.Quantity : -fill.Quantity;
                switch (fill.CommissionAsset)
                {
                    case "BTC":
                        Base -= fill.Commission;
                        break;
                    case "USDT":
                        Quote -= fill.Commission;
                        break;
                    default:
                        BnbValued += fill.Commission * BnbPrice;
                        break;
                }
            }
        }
    }
}
