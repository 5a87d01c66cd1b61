namespace FunctionsBot.Core.Ledger;

/// <summary>What an active kill switch does, chosen at activation.</summary>
public enum KillSwitchMode
{
    /// <summary>No new entries; exits and protective stops still run.</summary>
    BlockEntries,

    /// <summary>No new entries, and every position is closed at market (audited step by step).</summary>
    Flatten,
}
