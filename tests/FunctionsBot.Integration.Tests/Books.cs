using System.Globalization;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The books against the account, from the simulator's balances and trades (the oracle) and the ledger's positions and
/// fill records. Base, per asset: what the ledger holds (open and dust) = the account's change, plus, for BNB, the
/// commissions the exchange took from BNB outside the ledger (another symbol's commission less what its booking drew
/// from the bot's BNB, and a BNBUSDT sale's commission beyond the position it sold). Quote: realized − cost held − dust
/// written off = the account's USDT change − that outside BNB, valued at the price each booking named.
/// </summary>
internal sealed record Books(IReadOnlyList<(string Asset, decimal Ledger, decimal Account)> PerAsset, decimal Realized, decimal Held, decimal WrittenOff, decimal Usdt, decimal OutsideBnbValued, decimal Drawn)
{
    public decimal Difference => Realized - Held - WrittenOff - (Usdt - OutsideBnbValued);

    public static Books Of(
        IReadOnlyDictionary<string, decimal> before,
        IReadOnlyDictionary<string, decimal> after,
        IReadOnlyList<LedgerPosition> positions,
        IReadOnlyList<SimulatedOrder> orders,
        IReadOnlyList<SimulatedTrade> trades,
        IReadOnlyList<(string Kind, string Message, Dictionary<string, string> Data, DateTimeOffset At)> audit)
    {
        var clientIds = orders.ToDictionary(o => o.OrderId, o => o.ClientOrderId);
        var fills = audit.Where(a => a.Kind is "OrderFilled" or "IntentRecovered" or "ProtectionFilled" && a.Data.ContainsKey("clientOrderId"))
            .ToDictionary(a => a.Data["clientOrderId"], a => a.Data);
        var outsideBnb = 0m;
        var outsideBnbValued = 0m;
        foreach (var order in trades.Where(t => t.CommissionAsset == "BNB" && t.Symbol != "BNBUSDT").GroupBy(t => clientIds[t.OrderId]))
        {
            var outside = order.Sum(t => D(t.Commission)) - D(fills[order.Key].GetValueOrDefault("commissionBNBDrawn", "0"));
            outsideBnb += outside;
            outsideBnbValued += outside * D(fills[order.Key]["commissionBNBPrice"]);
        }

        foreach (var sale in fills.Values.Where(f => f["symbol"] == "BNBUSDT" && f.ContainsKey("baseFromOutside")))
        {
            outsideBnb += D(sale["baseFromOutside"]);
            outsideBnbValued += D(sale["baseFromOutsideInQuote"]);
        }

        var perAsset = positions.Select(p => p.Symbol).Distinct().Order(StringComparer.Ordinal)
            .Select(symbol => (
                Asset: symbol[..^4],
                Ledger: positions.Where(p => p.Symbol == symbol && p.HoldsBase).Sum(p => p.Quantity),
                Account: after.GetValueOrDefault(symbol[..^4]) - before.GetValueOrDefault(symbol[..^4]) + (symbol == "BNBUSDT" ? outsideBnb : 0)))
            .ToList();
        return new Books(
            perAsset,
            positions.Sum(p => p.RealizedPnl ?? 0),
            positions.Where(p => p.HoldsBase && p.Status != "Dust").Sum(p => p.HeldCost),
            positions.Sum(p => p.DustWrittenOff),
            after["USDT"] - before["USDT"],
            outsideBnbValued,
            fills.Values.Sum(f => D(f.GetValueOrDefault("commissionBNBDrawn", "0"))));
    }

    /// <summary>Asserts both sides: every asset's base exactly, the quote to 1e-8.</summary>
    public void AssertEqual(string diagnosis)
    {
        foreach (var (asset, ledger, account) in PerAsset)
        {
            Assert.True(ledger == account, $"{asset}: the ledger holds {ledger}, the account changed by {account} (BNB paid from outside the ledger counted){Environment.NewLine}{diagnosis}");
        }

        Assert.True(
            Math.Abs(Difference) < 0.00000001m,
            $"USDT: realized {Realized} − held {Held} − written off {WrittenOff} vs account {Usdt} − BNB from outside valued {OutsideBnbValued}: off by {Difference}{Environment.NewLine}{diagnosis}");
    }

    public override string ToString() =>
        string.Join(", ", PerAsset.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Asset} ledger {a.Ledger} = account {a.Account}")))
        + FormattableString.Invariant($"; USDT: realized {Realized:0.########} − held {Held:0.########} − written off {WrittenOff:0.########} = account {Usdt} − BNB {OutsideBnbValued:0.########} (difference {Difference})");

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
