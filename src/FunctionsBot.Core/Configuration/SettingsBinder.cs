using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace FunctionsBot.Core.Configuration;

/// <summary>
/// Binds a section property by property with <see cref="ConfigurationBinder"/>, collecting a
/// message for every value that does not convert instead of stopping at the first one (the
/// binder alone throws on the first bad value, so a user would fix one setting per start).
/// A value that does not convert leaves the property at its default.
/// </summary>
public static class SettingsBinder
{
    public static IReadOnlyList<string> Bind(IConfigurationSection section, object target)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(target);

        var problems = new List<string>();
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || section[property.Name] is not { } raw)
            {
                continue;
            }

            try
            {
                property.SetValue(target, section.GetValue(property.PropertyType, property.Name));
            }
            catch (InvalidOperationException)
            {
                problems.Add(SettingName.Problem(section.Path, property.Name, raw, $"not a valid {Describe(property.PropertyType)}."));
            }
        }

        return problems;
    }

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            return "value; expected one of " + string.Join(", ", Enum.GetNames(underlying));
        }

        return Type.GetTypeCode(underlying) switch
        {
            TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 => "whole number",
            TypeCode.Decimal or TypeCode.Double or TypeCode.Single => string.Create(CultureInfo.InvariantCulture, $"number (invariant culture, '.' as decimal separator)"),
            TypeCode.Boolean => "boolean; expected true or false",
            _ => underlying == typeof(TimeSpan) ? "time span (hh:mm:ss)" : underlying.Name,
        };
    }
}
