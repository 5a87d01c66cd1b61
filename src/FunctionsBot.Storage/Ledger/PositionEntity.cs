using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Storage.Ledger;

/// <summary>A position row (RowKey <c>pos-{sequence}</c>).</summary>
internal sealed class PositionEntity : ITableEntity
{
    public const string Prefix = "pos-";

    private static readonly JsonSerializerOptions ProtectionJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public long Sequence { get; set; }

    public string Symbol { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string EntryClientOrderId { get; set; } = string.Empty;

    public string? ReservedQuote { get; set; }

    public string? RequestedQuantity { get; set; }

    public string? Quantity { get; set; }

    public string? EntryQuantity { get; set; }

    public string? EntryCost { get; set; }

    public string? HeldCost { get; set; }

    public int ExitCount { get; set; }

    public string? FeesInQuote { get; set; }

    public string? Fees { get; set; }

    public string? SoldQuantity { get; set; }

    public string? SoldQuote { get; set; }

    public string? DustWrittenOff { get; set; }

    public string? EntryPrice { get; set; }

    public string? StopPrice { get; set; }

    public string? TakeProfitPrice { get; set; }

    public string? ExitClientOrderId { get; set; }

    public string? ExitReason { get; set; }

    public string? ExitProceeds { get; set; }

    public string? RealizedPnl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ExitRequestedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? SymbolHalt { get; set; }

    public string? EntryTag { get; set; }

    /// <summary>The strategy's stop-loss percent asked at entry (with <see cref="LevelTakeProfitPercent"/>); null: the settings'.</summary>
    public string? LevelStopLossPercent { get; set; }

    public string? LevelTakeProfitPercent { get; set; }

    public string? FeesDrawn { get; set; }

    public string? Overfill { get; set; }

    public long? UnprotectedSinceCycle { get; set; }

    /// <summary>The protective order list as JSON (decimals as JSON numbers keep every digit).</summary>
    public string? Protection { get; set; }

    public static PositionEntity From(string account, Position p) => new()
    {
        PartitionKey = account,
        RowKey = p.Id,
        Sequence = p.Sequence,
        Symbol = p.Symbol,
        Status = p.Status.ToString(),
        EntryClientOrderId = p.EntryClientOrderId,
        ReservedQuote = EntityValues.Text(p.ReservedQuote),
        RequestedQuantity = EntityValues.Text(p.RequestedQuantity),
        Quantity = EntityValues.Text(p.Quantity),
        EntryQuantity = EntityValues.Text(p.EntryQuantity),
        EntryCost = EntityValues.Text(p.EntryCost),
        HeldCost = EntityValues.Text(p.HeldCost),
        ExitCount = p.ExitCount,
        FeesInQuote = EntityValues.Text(p.FeesInQuote),
        Fees = p.Fees,
        SoldQuantity = EntityValues.Text(p.SoldQuantity),
        SoldQuote = EntityValues.Text(p.SoldQuote),
        DustWrittenOff = EntityValues.Text(p.DustWrittenOff),
        EntryPrice = EntityValues.Text(p.EntryPrice),
        StopPrice = EntityValues.Text(p.StopPrice),
        TakeProfitPrice = EntityValues.Text(p.TakeProfitPrice),
        ExitClientOrderId = p.ExitClientOrderId,
        ExitReason = p.ExitReason,
        ExitProceeds = EntityValues.Text(p.ExitProceeds),
        RealizedPnl = EntityValues.Text(p.RealizedPnl),
        CreatedAt = p.CreatedAt,
        OpenedAt = p.OpenedAt,
        ExitRequestedAt = p.ExitRequestedAt,
        ClosedAt = p.ClosedAt,
        SymbolHalt = p.SymbolHalt,
        EntryTag = p.EntryTag,
        LevelStopLossPercent = EntityValues.Text(p.Levels?.StopLossPercent),
        LevelTakeProfitPercent = EntityValues.Text(p.Levels?.TakeProfitPercent),
        FeesDrawn = EntityValues.Text(p.FeesDrawn),
        Overfill = p.Overfill,
        UnprotectedSinceCycle = p.UnprotectedSinceCycle,
        Protection = p.Protection is { } protection ? JsonSerializer.Serialize(protection, ProtectionJson) : null,
    };

    public Position ToPosition() => new()
    {
        Sequence = Sequence,
        Symbol = Symbol,
        Status = Enum.Parse<PositionStatus>(Status),
        EntryClientOrderId = EntryClientOrderId,
        ReservedQuote = EntityValues.Decimal(ReservedQuote),
        RequestedQuantity = EntityValues.Decimal(RequestedQuantity),
        Quantity = EntityValues.Decimal(Quantity),
        EntryQuantity = EntityValues.Decimal(EntryQuantity),
        EntryCost = EntityValues.Decimal(EntryCost),
        HeldCost = EntityValues.Decimal(HeldCost),
        ExitCount = ExitCount,
        FeesInQuote = EntityValues.Decimal(FeesInQuote),
        Fees = Fees,
        SoldQuantity = EntityValues.Decimal(SoldQuantity),
        SoldQuote = EntityValues.Decimal(SoldQuote),
        DustWrittenOff = EntityValues.Decimal(DustWrittenOff),
        EntryPrice = EntityValues.Decimal(EntryPrice),
        StopPrice = EntityValues.OptionalDecimal(StopPrice),
        TakeProfitPrice = EntityValues.OptionalDecimal(TakeProfitPrice),
        ExitClientOrderId = ExitClientOrderId,
        ExitReason = ExitReason,
        ExitProceeds = EntityValues.OptionalDecimal(ExitProceeds),
        RealizedPnl = EntityValues.OptionalDecimal(RealizedPnl),
        CreatedAt = CreatedAt,
        OpenedAt = OpenedAt,
        ExitRequestedAt = ExitRequestedAt,
        ClosedAt = ClosedAt,
        SymbolHalt = SymbolHalt,
        EntryTag = EntryTag,
        Levels = EntityValues.OptionalDecimal(LevelStopLossPercent) is { } stop && EntityValues.OptionalDecimal(LevelTakeProfitPercent) is { } take ? new Core.Booking.ExitLevels(stop, take) : null,
        FeesDrawn = EntityValues.Decimal(FeesDrawn),
        Overfill = Overfill,
        UnprotectedSinceCycle = UnprotectedSinceCycle,
        Protection = Protection is { } json ? JsonSerializer.Deserialize<Protection>(json, ProtectionJson) : null,
    };
}
