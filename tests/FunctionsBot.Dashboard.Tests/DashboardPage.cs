using System.Globalization;
using FunctionsBot.Testing;
using Microsoft.Playwright;

namespace FunctionsBot.Dashboard.Tests;

/// <summary>What the dashboard page shows, read from its elements.</summary>
internal static class DashboardPage
{
    /// <summary>Waits until the page has drawn <paramref name="refreshes"/> more times than <paramref name="after"/>.</summary>
    public static Task<int> RefreshedAsync(IPage page, int after = 0, int refreshes = 1) =>
        Eventually.HoldsAsync(
            async () => int.TryParse(await page.GetAttributeAsync("body", "data-refreshed"), out var n) ? n : 0,
            n => n >= after + refreshes,
            TimeSpan.FromSeconds(30),
            n => $"{n} refreshes");

    public static Task<int> RefreshesAsync(IPage page) => RefreshedAsync(page, 0, 0);

    public static async Task<string> TextAsync(IPage page, string selector) => (await page.Locator(selector).InnerTextAsync()).Trim();

    /// <summary>The exact value behind a tile or cell (its <c>data-value</c>), or null when it shows none.</summary>
    public static async Task<decimal?> ValueAsync(IPage page, string selector) =>
        await page.Locator(selector).GetAttributeAsync("data-value") is { } text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public static async Task<List<string[]>> RowsAsync(IPage page, string table) =>
        (await page.Locator($"#{table} tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => Array.from(r.cells).map(c => c.dataset.value ?? c.innerText))")).ToList();

    public static string Money(decimal value) => (value > 0 ? "+" : string.Empty) + Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
