using System.Reflection;
using Azure.Data.Tables;

namespace FunctionsBot.Storage.Ledger;

/// <summary>
/// Maps a row read as <see cref="TableEntity"/> onto a typed entity, so one partition query can return
/// rows of several kinds (the SDK's typed queries map one type per query).
/// </summary>
internal static class TableEntityMapper<T>
    where T : class, ITableEntity, new()
{
    private static readonly PropertyInfo[] Properties = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name is not (nameof(ITableEntity.ETag)))
        .ToArray();

    public static T Map(TableEntity row)
    {
        var entity = new T();
        foreach (var property in Properties)
        {
            if (!row.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }

            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(entity, value switch
            {
                DateTime dateTime when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
                _ when target.IsInstanceOfType(value) => value,
                _ => System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return entity;
    }
}
