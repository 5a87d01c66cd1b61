using System.Globalization;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Reconciliation;

/// <summary>An order as the ledger booked it (from the booking's audit record); <see cref="Fees"/> is null for bookings older than the fee list.</summary>
public sealed record BookedOrder(string ClientOrderId, string Symbol, decimal ExecutedQuantity, decimal QuoteQuantity, IReadOnlyDictionary<string, decimal>? Fees, DateTimeOffset At);

/// <summary>What the exchange says about one traded symbol within the window.</summary>
public sealed record SymbolActivity(string Symbol, string BaseAsset, decimal Price, IReadOnlyList<ExchangeOrder> Orders, IReadOnlyList<ExchangeTrade> Trades, IReadOnlyList<ExchangeOrder> OpenOrders);

/// <summary>Everything one comparison needs, read beforehand.</summary>
public sealed record ComparisonInput(
    string Prefix,
    string QuoteAsset,
    IReadOnlyList<Position> Positions,
    IReadOnlyDictionary<string, BookedOrder> Booked,
    DateTimeOffset WindowStart,
    IReadOnlyList<SymbolActivity> Symbols,
    IReadOnlyList<AccountBalance> Balances,
    IReadOnlyDictionary<string, decimal> AssetPrices,
    decimal ReservedQuote)
{
    /// <summary>The account's open order lists (all symbols).</summary>
    public IReadOnlyList<ExchangeOrderList> OpenOrderLists { get; init; } = [];
}

/// <summary>
/// Compares the ledger with the exchange (pure): the bot's orders and their trades against the booked fills and
/// fees, each asset the ledger holds against the account's free + locked balance, the quote balance against the
/// reservations, and the bot's open orders against the intents. A surplus in an asset is not the bot's business.
/// </summary>
public static class LedgerComparison
{
    public static IReadOnlyList<Difference> Compare(ComparisonInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var differences = new List<Difference>();
        // Orders in flight: the intents' orders, and the legs of every protective list that may still be working
        // (a leg that traded since the last cycle is booked by the next one).
        var working = input.Positions.Where(p => p.Protection is { MayBeWorking: true }).Select(p => p.Protection!).ToList();
        var intents = input.Positions.Where(p => p.IsIntent)
            .Select(p => p.Status == PositionStatus.Pending ? p.EntryClientOrderId : p.ExitClientOrderId)
            .Concat(working.SelectMany(p => new[] { p.StopClientOrderId, p.TakeProfitClientOrderId }))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var explained = new HashSet<long>();
        var protectionLegs = ProtectionLegs(input);
        foreach (var activity in input.Symbols)
        {
            CompareOrders(input, activity, intents, protectionLegs, explained, differences);
        }

        var openLists = input.OpenOrderLists.Select(l => l.ListClientOrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var asset in input.Symbols.GroupBy(s => s.BaseAsset, StringComparer.Ordinal))
        {
            CompareHolding(input, asset.Key, [.. asset], openLists, explained, differences);
        }

        var expectedLists = working.Select(p => p.ListClientOrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var list in input.OpenOrderLists.Where(l => (IsBot(input, l.ListClientOrderId) || l.LegClientOrderIds.Any(id => IsBot(input, id))) && !expectedLists.Contains(l.ListClientOrderId)))
        {
            // What its legs could sell is not valued here, so it counts as above tolerance.
            differences.Add(new Difference(
                $"list|{list.OrderListId}", DifferenceKind.UnexpectedOrderList, list.Symbol,
                $"Order list {list.ListClientOrderId} (#{list.OrderListId}, legs {string.Join(", ", list.LegClientOrderIds)}) is open with the bot's prefix, but no position of the ledger expects it.",
                null, new Dictionary<string, string> { ["orderListId"] = T(list.OrderListId) }, Acknowledge("Cancel it at the exchange if nobody expects it; then approve.")));
        }

        var quote = Balance(input, input.QuoteAsset);
        if (quote < input.ReservedQuote)
        {
            var missing = input.ReservedQuote - quote;
            differences.Add(new Difference(
                $"quote|{T(missing)}", DifferenceKind.QuoteShortfall, string.Empty,
                $"The account holds {T(quote)} {input.QuoteAsset}, less than the {T(input.ReservedQuote)} pending entries reserved ({T(missing)} short).",
                missing, Numbers(("balance", quote), ("reserved", input.ReservedQuote)), Acknowledge("Check deposits and withdrawals; the pending entries resolve on the next cycle.")));
        }

        return differences;
    }

    private static void CompareOrders(
        ComparisonInput input, SymbolActivity activity, HashSet<string> intents, HashSet<string> protectionLegs, HashSet<long> explained, List<Difference> differences)
    {
        var symbol = activity.Symbol;
        var fills = activity.Trades.ToLookup(t => t.OrderId);
        var bot = activity.Orders.Where(o => o.ClientOrderId.StartsWith(input.Prefix, StringComparison.Ordinal)).ToList();
        foreach (var order in bot)
        {
            var trades = fills[order.OrderId].ToList();
            var fees = trades.GroupBy(t => t.CommissionAsset, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(t => t.Commission), StringComparer.Ordinal);
            if (intents.Contains(order.ClientOrderId))
            {
                explained.Add(order.OrderId);
                continue;
            }

            if (!input.Booked.TryGetValue(order.ClientOrderId, out var booked))
            {
                if (order.ExecutedQuantity == 0 && protectionLegs.Contains(order.ClientOrderId))
                {
                    // A leg of one of the positions' lists that ended with nothing sold: nothing to book.
                    explained.Add(order.OrderId);
                    continue;
                }

                differences.Add(Unknown(input, activity, order, fees));
                continue;
            }

            explained.Add(order.OrderId);
            if (booked.ExecutedQuantity != order.ExecutedQuantity || booked.QuoteQuantity != order.QuoteQuantity)
            {
                var value = (Math.Abs(booked.ExecutedQuantity - order.ExecutedQuantity) * activity.Price) + Math.Abs(booked.QuoteQuantity - order.QuoteQuantity);
                differences.Add(new Difference(
                    $"execution|{order.ClientOrderId}|{T(order.ExecutedQuantity)}|{T(order.QuoteQuantity)}", DifferenceKind.ExecutionDiffers, symbol,
                    $"Order {order.ClientOrderId} executed {T(order.ExecutedQuantity)} for {T(order.QuoteQuantity)} {input.QuoteAsset} at the exchange; the ledger booked {T(booked.ExecutedQuantity)} for {T(booked.QuoteQuantity)}.",
                    value,
                    Numbers(("exchangeExecuted", order.ExecutedQuantity), ("ledgerExecuted", booked.ExecutedQuantity), ("exchangeQuote", order.QuoteQuantity), ("ledgerQuote", booked.QuoteQuantity)),
                    Acknowledge("Compare the order's trades with its booking in the audit trail before accepting.")));
            }

            if (booked.Fees is null)
            {
                continue;
            }

            var assets = fees.Keys.Union(booked.Fees.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var deltas = assets.Select(a => (Asset: a, Exchange: fees.GetValueOrDefault(a), Ledger: booked.Fees.GetValueOrDefault(a))).Where(d => d.Exchange != d.Ledger).ToList();
            if (deltas.Count > 0)
            {
                var values = deltas.Select(d => Value(input, d.Asset, Math.Abs(d.Exchange - d.Ledger))).ToList();
                differences.Add(new Difference(
                    $"fees|{order.ClientOrderId}|{string.Join(',', deltas.Select(d => $"{d.Asset}={T(d.Exchange)}"))}", DifferenceKind.FeesDiffer, symbol,
                    $"Order {order.ClientOrderId} paid {string.Join(", ", deltas.Select(d => $"{T(d.Exchange)} {d.Asset}"))} in commission at the exchange; the ledger booked {string.Join(", ", deltas.Select(d => $"{T(d.Ledger)} {d.Asset}"))}.",
                    values.Any(v => v is null) ? null : values.Sum(v => v!.Value),
                    deltas.SelectMany(d => new[] { ($"exchange{d.Asset}", d.Exchange), ($"ledger{d.Asset}", d.Ledger) }).ToDictionary(p => p.Item1, p => T(p.Item2)),
                    Acknowledge("The fee difference stays in the books as it is; accept it once understood.")));
            }
        }

        var seen = bot.Select(o => o.ClientOrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var booked in input.Booked.Values.Where(b => b.Symbol == symbol && b.ExecutedQuantity > 0 && !seen.Contains(b.ClientOrderId)).OrderBy(b => b.At))
        {
            differences.Add(new Difference(
                $"missing|{booked.ClientOrderId}", DifferenceKind.MissingAtExchange, symbol,
                $"The ledger booked order {booked.ClientOrderId} ({T(booked.ExecutedQuantity)} {activity.BaseAsset} for {T(booked.QuoteQuantity)} {input.QuoteAsset}) at {booked.At:O}; the exchange does not know it.",
                booked.QuoteQuantity,
                Numbers(("executed", booked.ExecutedQuantity), ("quote", booked.QuoteQuantity)),
                Acknowledge("Find the order at the exchange (another account or API key?) before accepting.")));
        }

        foreach (var open in activity.OpenOrders.Where(o => o.OrderListId < 0 && IsBot(input, o.ClientOrderId) && !intents.Contains(o.ClientOrderId)))
        {
            var rest = open.Quantity - open.ExecutedQuantity;
            differences.Add(new Difference(
                $"open|{open.OrderId}", DifferenceKind.UnexpectedOpenOrder, symbol,
                $"Order {open.ClientOrderId} (#{open.OrderId}, {open.Side} {T(rest)} {activity.BaseAsset} still open) carries the bot's prefix, but no intent of the ledger expects it.",
                rest * activity.Price,
                Numbers(("orderId", open.OrderId), ("open", rest)),
                Acknowledge("Cancel it at the exchange if nobody expects it; then approve.")));
        }
    }

    private static Difference Unknown(ComparisonInput input, SymbolActivity activity, ExchangeOrder order, Dictionary<string, decimal> fees)
    {
        var numbers = Numbers(("orderId", order.OrderId), ("executed", order.ExecutedQuantity), ("quote", order.QuoteQuantity));
        numbers["fees"] = FeeList.Format(fees);
        var message = $"Order {order.ClientOrderId} (#{order.OrderId}, {order.Side} {T(order.ExecutedQuantity)} {activity.BaseAsset} for {T(order.QuoteQuantity)} {input.QuoteAsset}, {order.Status}, {order.Time:O}) carries the bot's prefix but the ledger never booked it.";
        Correction correction;
        if (order.Side == OrderSide.Buy && order.ExecutedQuantity > 0)
        {
            var inBase = fees.GetValueOrDefault(activity.BaseAsset);
            var otherValues = fees.Where(f => f.Key != activity.BaseAsset).Select(f => Value(input, f.Key, f.Value)).ToList();
            correction = new Correction(CorrectionKind.AdoptOrder, $"Open a position from order {order.ClientOrderId}: {T(order.ExecutedQuantity - inBase)} {activity.BaseAsset} for {T(order.QuoteQuantity)} {input.QuoteAsset} plus its fees.")
            {
                ClientOrderId = order.ClientOrderId,
                ExecutedQuantity = order.ExecutedQuantity,
                QuoteQuantity = order.QuoteQuantity,
                CommissionInBase = inBase,
                FeeInQuote = otherValues.Sum(v => v ?? 0),
                Fees = numbers["fees"],
                At = order.Time,
            };
        }
        else
        {
            correction = Acknowledge(order.ExecutedQuantity > 0
                ? "A SELL the ledger does not know shows as a shortfall of the asset too; correct that one."
                : "Nothing executed; accept it once understood.");
        }

        return new Difference($"unknown|{activity.Symbol}|{order.OrderId}", DifferenceKind.UnknownBotOrder, activity.Symbol, message, order.QuoteQuantity, numbers, correction);
    }

    private static void CompareHolding(
        ComparisonInput input, string asset, IReadOnlyList<SymbolActivity> symbols, HashSet<string> openLists, HashSet<long> explained, List<Difference> differences)
    {
        var names = symbols.Select(s => s.Symbol).ToHashSet(StringComparer.Ordinal);
        var holding = input.Positions.Where(p => names.Contains(p.Symbol)).ToList();

        // An intent, or a protective list that left the open lists since the last cycle (a leg may have sold), is
        // resolved by the next cycle: the asset is not compared until then.
        if (holding.FirstOrDefault(p => p.IsIntent || (p.Protection is { MayBeWorking: true } list && !openLists.Contains(list.ListClientOrderId))) is { } intent)
        {
            differences.Add(new Difference(
                $"inflight|{asset}|{intent.Sequence}", DifferenceKind.InFlight, intent.Symbol,
                $"{asset} not compared: {(intent.IsIntent ? "intent" : "the protective list of")} #{intent.Sequence} on {intent.Symbol} is still being resolved by the trade cycle.", 0m, Numbers(("position", intent.Sequence)), null));
            return;
        }

        var held = holding.Where(p => p.HoldsBase).Sum(p => p.Quantity);
        var balance = Balance(input, asset);
        if (held == 0 || balance >= held)
        {
            return;
        }

        var shortfall = held - balance;
        var symbol = symbols[0];
        var allocations = new List<Allocation>();
        var left = shortfall;
        foreach (var position in holding.Where(p => p.HoldsBase).OrderBy(p => p.Status == PositionStatus.Dust ? 0 : 1).ThenByDescending(p => p.Sequence))
        {
            var take = Math.Min(left, position.Quantity);
            if (take > 0)
            {
                allocations.Add(new Allocation(position.Sequence, take));
                left -= take;
            }
        }

        var owner = holding.Single(p => p.Sequence == allocations[0].Position).Symbol;
        var price = symbols.First(s => s.Symbol == owner).Price;
        var outside = symbols.SelectMany(s => s.Trades).Where(t => t.Side == OrderSide.Sell && !explained.Contains(t.OrderId)).OrderByDescending(t => t.Time).ToList();
        var covered = new List<(ExchangeTrade Trade, decimal Quantity)>();
        var need = shortfall;
        foreach (var trade in outside.TakeWhile(_ => need > 0))
        {
            var take = Math.Min(need, trade.Quantity);
            covered.Add((trade, take));
            need -= take;
        }

        var positions = string.Join(", ", allocations.Select(a => $"#{a.Position} by {T(a.Quantity)}"));
        var numbers = Numbers(("ledger", held), ("account", balance), ("shortfall", shortfall), ("price", price));
        Correction correction;
        if (covered.Count > 0)
        {
            var quantity = covered.Sum(c => c.Quantity);
            var average = covered.Sum(c => c.Quantity * c.Trade.Price) / quantity;
            var feePerUnit = covered.Sum(c => c.Trade.CommissionAsset == input.QuoteAsset ? c.Trade.Commission * c.Quantity / c.Trade.Quantity : 0m) / quantity;
            var at = covered.Max(c => c.Trade.Time);
            numbers["outsideTrades"] = string.Join(",", covered.Select(c => c.Trade.Id.ToString(CultureInfo.InvariantCulture)));
            numbers["outsidePrice"] = T(average);
            correction = new Correction(
                CorrectionKind.CloseSoldOutside,
                $"Reduce {positions} as sold outside the bot at {T(average)} {input.QuoteAsset} (trades {numbers["outsideTrades"]}, last at {at:O}).")
            {
                Allocations = allocations, Price = average, FeeInQuote = feePerUnit, At = at,
            };
        }
        else
        {
            correction = new Correction(CorrectionKind.WriteOffShortfall, $"Reduce {positions} and write off their cost: no sale outside the bot explains the shortfall (a withdrawal?).")
            {
                Allocations = allocations,
            };
        }

        differences.Add(new Difference(
            $"shortfall|{asset}|{T(shortfall)}|{string.Join(',', allocations.Select(a => a.Position))}", DifferenceKind.AssetShortfall, owner,
            $"The account holds {T(balance)} {asset}, the ledger {T(held)}: {T(shortfall)} {asset} (worth {T(shortfall * price)} {input.QuoteAsset}) left outside the bot.",
            shortfall * price, numbers, correction));
    }

    /// <summary>The legs of every list the positions of the ledger placed (every attempt up to the latest: <c>…-p{n}s|t</c>).</summary>
    private static HashSet<string> ProtectionLegs(ComparisonInput input) =>
        input.Positions.Where(p => p.Protection is not null)
            .SelectMany(p => Enumerable.Range(1, p.Protection!.Attempt).Select(n => Protection.LegIds(ClientOrderIds.ProtectionListWithPrefix(input.Prefix, p.Sequence, n))))
            .SelectMany(legs => new[] { legs.Stop, legs.TakeProfit })
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsBot(ComparisonInput input, string clientOrderId) => clientOrderId.StartsWith(input.Prefix, StringComparison.Ordinal);

    private static decimal Balance(ComparisonInput input, string asset) => input.Balances.FirstOrDefault(b => b.Asset == asset)?.Total ?? 0m;

    private static decimal? Value(ComparisonInput input, string asset, decimal amount) =>
        asset == input.QuoteAsset ? amount : input.AssetPrices.TryGetValue(asset, out var price) ? amount * price : null;

    private static Correction Acknowledge(string why) => new(CorrectionKind.Acknowledge, "No automatic change. " + why);

    private static Dictionary<string, string> Numbers(params (string Key, decimal Value)[] numbers) =>
        numbers.ToDictionary(n => n.Key, n => T(n.Value), StringComparer.Ordinal);

    internal static string T(decimal value) => BookingText.Of(value);
}
