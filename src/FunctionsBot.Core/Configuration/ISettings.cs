namespace FunctionsBot.Core.Configuration;

/// <summary>
/// One validated options class per configuration section. <see cref="Validate"/> returns one
/// message per problem, each naming the setting as a user types it (for example
/// <c>Risk__MaxOpenPositions</c>) and the value it got.
/// </summary>
public interface ISettings
{
    /// <summary>The configuration section the settings bind from, for example <c>Risk</c>.</summary>
    static abstract string SectionName { get; }

    /// <summary>Cross-field and range checks; an empty sequence means valid.</summary>
    IEnumerable<string> Validate();
}
