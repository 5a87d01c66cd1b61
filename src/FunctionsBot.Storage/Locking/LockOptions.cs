using FunctionsBot.Core.Configuration;

namespace FunctionsBot.Storage.Locking;

/// <summary>Section <c>Lock</c>: the account's blob lease.</summary>
public sealed class LockOptions : ISettings
{
    public static string SectionName => "Lock";

    /// <summary><c>Lock__LeaseSeconds</c>: lease duration, 15–60 s (the blob service's range). Default 30.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary><c>Lock__RenewSeconds</c>: renewal period while held, at least 1 s and at most a third of the lease. Default 10.</summary>
    public int RenewSeconds { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (LeaseSeconds is < 15 or > 60)
        {
            yield return SettingName.Problem(SectionName, nameof(LeaseSeconds), LeaseSeconds, "must be between 15 and 60 seconds (the blob lease range).");
        }

        if (RenewSeconds < 1 || RenewSeconds * 3 > LeaseSeconds)
        {
            yield return SettingName.Problem(SectionName, nameof(RenewSeconds), RenewSeconds, $"must be at least 1 and at most a third of Lock__LeaseSeconds ({LeaseSeconds}), so two renewals can fail before the lease lapses.");
        }
    }
}
