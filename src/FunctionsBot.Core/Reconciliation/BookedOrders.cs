using System.Globalization;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Reconciliation;

/// <summary>The orders the ledger booked, read back from their bookings' audit records (client order id, fills, fees).</summary>
public static class BookedOrders
{
    public static Dictionary<string, BookedOrder> From(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var booked = new Dictionary<string, BookedOrder>(StringComparer.Ordinal);
        foreach (var record in records.OrderBy(r => r.At))
        {
            if (record.Data is not { } data
                || !data.TryGetValue("clientOrderId", out var clientOrderId)
                || !data.TryGetValue("symbol", out var symbol)
                || !TryDecimal(data, "executedQty", out var executed)
                || !TryDecimal(data, "quoteQty", out var quote))
            {
                continue;
            }

            booked[clientOrderId] = new BookedOrder(clientOrderId, symbol, executed, quote, FeeList.Parse(data.GetValueOrDefault("fees")), record.At);
        }

        return booked;
    }

    private static bool TryDecimal(IReadOnlyDictionary<string, string> data, string key, out decimal value)
    {
        value = 0;
        return data.TryGetValue(key, out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }
}
