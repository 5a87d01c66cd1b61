using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Core.Strategy;

/// <summary>Section <c>Strategy</c>: signals, trade size and exits.</summary>
public sealed class StrategyOptions : ISettings
{
    public static string SectionName => "Strategy";

    /// <summary>
    /// <c>Strategy__Name</c>: the registered strategy to run: <c>MaCrossover</c> (default), <c>RsiReversion</c>,
    /// <c>DonchianBreakout</c> or one of your own; each reads its own section (<c>Strategy__MaCrossover__FastPeriod</c> …).
    /// </summary>
    public string Name { get; set; } = "MaCrossover";

    /// <summary><c>Strategy__Interval</c>: kline interval the strategy reads (closed candles only). Default <c>1m</c>.</summary>
    public string Interval { get; set; } = "1m";

    /// <summary><c>Strategy__TradeQuote</c>: quote amount of one entry, &gt; 0. Default 20.</summary>
    public decimal TradeQuote { get; set; } = 20m;

    /// <summary><c>Strategy__StopLossPercent</c>: exit when the price falls this far below entry, 0.1–50. Default 2.</summary>
    public decimal StopLossPercent { get; set; } = 2m;

    /// <summary><c>Strategy__TakeProfitPercent</c>: exit when the price rises this far above entry, 0.1–500. Default 3.</summary>
    public decimal TakeProfitPercent { get; set; } = 3m;

    /// <summary>
    /// <c>Strategy__Protection</c>: where stop-loss and take-profit live. <c>Exchange</c> (default): an OCO order list
    /// at the exchange holds every open position, so a stopped host never leaves one without its stop; <c>Bot</c>: the
    /// cycle checks them once a cycle.
    /// </summary>
    public ProtectionMode Protection { get; set; } = ProtectionMode.Exchange;

    /// <summary><c>Strategy__StopLimitOffsetPercent</c>: how far below the stop its limit price sits, 0.01–10. Default 0.5.</summary>
    public decimal StopLimitOffsetPercent { get; set; } = 0.5m;

    /// <summary>
    /// <c>Strategy__EntryOrderType</c>: <c>Limit</c> (default): an entry is a marketable LIMIT IOC order priced at the best ask
    /// plus <see cref="MaxSlippagePercent"/>, so it never pays more; what it cannot fill there expires. <c>Market</c>: a MARKET
    /// order, which takes whatever the book holds.
    /// </summary>
    public EntryOrderType EntryOrderType { get; set; } = EntryOrderType.Limit;

    /// <summary><c>Strategy__MaxSlippagePercent</c>: how far above the best ask a LIMIT entry may fill, 0.01–10. Default 0.5.</summary>
    public decimal MaxSlippagePercent { get; set; } = 0.5m;

    /// <summary>
    /// <c>Strategy__EntryProtection</c>: <c>Opoco</c> (default): where the symbol has <c>opoAllowed</c>, a LIMIT entry and its
    /// protective OCO go in one request, the OCO placed by the exchange the moment the entry fills; <c>Separate</c>: the
    /// entry first, then the OCO in the same cycle. Only with <c>Strategy__Protection=Exchange</c> and LIMIT entries.
    /// </summary>
    public EntryProtection EntryProtection { get; set; } = EntryProtection.Opoco;

    /// <summary>A position's stop-loss and take-profit in percent: what its strategy asked at entry, else the settings'.</summary>
    public ExitLevels LevelsFor(ExitLevels? asked) => asked ?? new ExitLevels(StopLossPercent, TakeProfitPercent);

    public IEnumerable<string> Validate()
    {
        if (!KlineIntervals.IsKnown(Interval))
        {
            yield return SettingName.Problem(SectionName, nameof(Interval), Interval, $"must be one of {KlineIntervals.Names}.");
        }

        if (TradeQuote <= 0)
        {
            yield return SettingName.Problem(SectionName, nameof(TradeQuote), TradeQuote, "must be greater than 0.");
        }

        if (StopLossPercent is < 0.1m or > 50m)
        {
            yield return SettingName.Problem(SectionName, nameof(StopLossPercent), StopLossPercent, "must be between 0.1 and 50.");
        }

        if (TakeProfitPercent is < 0.1m or > 500m)
        {
            yield return SettingName.Problem(SectionName, nameof(TakeProfitPercent), TakeProfitPercent, "must be between 0.1 and 500.");
        }

        if (StopLimitOffsetPercent is < 0.01m or > 10m)
        {
            yield return SettingName.Problem(SectionName, nameof(StopLimitOffsetPercent), StopLimitOffsetPercent, "must be between 0.01 and 10.");
        }

        if (MaxSlippagePercent is < 0.01m or > 10m)
        {
            yield return SettingName.Problem(SectionName, nameof(MaxSlippagePercent), MaxSlippagePercent, "must be between 0.01 and 10.");
        }

        if (!Enum.IsDefined(EntryOrderType))
        {
            yield return SettingName.Problem(SectionName, nameof(EntryOrderType), EntryOrderType, "must be Limit or Market.");
        }

        if (!Enum.IsDefined(EntryProtection))
        {
            yield return SettingName.Problem(SectionName, nameof(EntryProtection), EntryProtection, "must be Opoco or Separate.");
        }

        if (!Enum.IsDefined(Protection))
        {
            yield return SettingName.Problem(SectionName, nameof(Protection), Protection, "must be Exchange or Bot.");
        }
    }
}

/// <summary>How an entry is sent (<c>Strategy__EntryOrderType</c>).</summary>
public enum EntryOrderType
{
    /// <summary>A marketable LIMIT IOC order: the best ask plus <c>Strategy__MaxSlippagePercent</c> is the worst price paid.</summary>
    Limit,

    /// <summary>A MARKET order: no worst price.</summary>
    Market,
}

/// <summary>How an entry's protection reaches the exchange (<c>Strategy__EntryProtection</c>).</summary>
public enum EntryProtection
{
    /// <summary>Entry and protection in one OPOCO request where the symbol allows it.</summary>
    Opoco,

    /// <summary>The entry, then the protective OCO.</summary>
    Separate,
}
