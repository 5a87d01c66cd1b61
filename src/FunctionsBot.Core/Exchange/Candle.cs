namespace FunctionsBot.Core.Exchange;

/// <summary>One kline: its open and close times (Unix milliseconds, the close time being the candle's last millisecond) and its OHLCV.</summary>
public readonly record struct Candle(long OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, long CloseTime)
{
    public DateTimeOffset OpenedAt => DateTimeOffset.FromUnixTimeMilliseconds(OpenTime);

    public DateTimeOffset ClosedAt => DateTimeOffset.FromUnixTimeMilliseconds(CloseTime);
}
