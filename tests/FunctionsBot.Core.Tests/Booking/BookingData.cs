using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Filters;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Tests.Booking;

/// <summary>Builders for booking tests: BTCUSDT with Binance-like filters, BNB at 600 USDT.</summary>
internal static class BookingData
{
    public const decimal BnbPrice = 600m;

    public static readonly ExitLevels Levels = new(2m, 3m);

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 23, 59, 0, TimeSpan.Zero);

    public static SymbolRules Rules { get; } = new("BTCUSDT", "TRADING", "BTC", "USDT", true,
        [new LotSizeFilter(0.00001m, 9_000m, 0.00001m), new NotionalFilter(5m, true, 9_000_000m, false, 5)]);

    public static BookingMarket Market { get; } = new(Rules, 60_000m, new Dictionary<string, decimal> { ["BNB"] = BnbPrice });

    public static Position Intent(decimal requested = 0.001m, long sequence = 1) => new()
    {
        Sequence = sequence,
        Symbol = "BTCUSDT",
        Status = PositionStatus.Pending,
        EntryClientOrderId = $"fb-{sequence}-e",
        RequestedQuantity = requested,
        ReservedQuote = requested * 60_000m,
        CreatedAt = Now,
    };

    public static Position Open(decimal quantity, decimal cost, long sequence = 1) => Intent(quantity, sequence) with
    {
        Status = PositionStatus.Open,
        Quantity = quantity,
        EntryQuantity = quantity,
        EntryCost = cost,
        HeldCost = cost,
        EntryPrice = cost / quantity,
        OpenedAt = Now,
    };

    public static Position Closing(Position open) => open with
    {
        Status = PositionStatus.Closing,
        ExitCount = open.ExitCount + 1,
        ExitClientOrderId = $"fb-{open.Sequence}-x",
        ExitReason = "stop-loss",
        ExitRequestedAt = Now,
    };

    public static OrderOutcome Outcome(params Fill[] fills) => new(
        "order", fills.Length == 0 ? OrderProgress.Ended : OrderProgress.Filled, fills.Sum(f => f.Quantity), fills.Sum(f => f.Price * f.Quantity), fills);
}
