using System.Globalization;

namespace FunctionsBot.Core.Configuration;

/// <summary>Renders settings the way a user types them as environment variables or app settings.</summary>
public static class SettingName
{
    /// <summary><c>Of("Risk", "MaxOpenPositions")</c> is <c>Risk__MaxOpenPositions</c>.</summary>
    public static string Of(string section, string key) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{key}";

    /// <summary>One validation message: the setting, the value it got, and what is wrong.</summary>
    public static string Problem<T>(string section, string key, T value, string requirement) =>
        string.Create(CultureInfo.InvariantCulture, $"{Of(section, key)} = '{value}': {requirement}");
}
