namespace FunctionsBot.Binance.Market;

/// <summary>One candle. <see cref="CloseTime"/> in the future means it is still open.</summary>
public sealed record Kline(long OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, long CloseTime, decimal QuoteVolume, long Trades)
{
    public bool IsClosedAt(DateTimeOffset now) => CloseTime < now.ToUnixTimeMilliseconds();
}
