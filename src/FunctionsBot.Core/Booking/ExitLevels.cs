namespace FunctionsBot.Core.Booking;

/// <summary>Where a new position's stop-loss and take-profit sit, in percent below and above the entry price.</summary>
public sealed record ExitLevels(decimal StopLossPercent, decimal TakeProfitPercent);
