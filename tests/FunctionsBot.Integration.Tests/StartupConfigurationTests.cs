using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task DevHost_SeveralBadSettings_RefusesToStartNamingEachOne()
    {
        var (exitCode, output) = await DevHostProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "not a connection string",
            ["Risk__MaxOpenPositions"] = "-1",
            ["Risk__MaxTradeQuote"] = "lots",
            ["Bot__Mode"] = "Live",
            ["Lock__LeaseSeconds"] = "5",
            ["TradeCycle__Schedule"] = "every minute",
            ["Binance__RecvWindowMs"] = "70000",
            ["Binance__ApiSecret"] = string.Empty,
            ["Reconcile__Schedule"] = "daily",
            ["Reconcile__ToleranceQuote"] = "-1",
            ["Alerts__WebhookUrl"] = "ftp://example.com/hook",
            ["Alerts__Telegram__ChatId"] = "4242",
            ["Alerts__Telegram__BotToken"] = "not-a-token-but-secret-9f8e7d",
        });

        Assert.Equal(2, exitCode);
        Assert.Contains("AzureWebJobsStorage: not a storage connection string", output, StringComparison.Ordinal);
        Assert.Contains("Risk__MaxOpenPositions = '-1'", output, StringComparison.Ordinal);
        Assert.Contains("Risk__MaxTradeQuote = 'lots'", output, StringComparison.Ordinal);
        Assert.Contains("Bot__Mode = 'Live'", output, StringComparison.Ordinal);
        Assert.Contains("Lock__LeaseSeconds = '5'", output, StringComparison.Ordinal);
        Assert.Contains("TradeCycle__Schedule = 'every minute'", output, StringComparison.Ordinal);
        Assert.Contains("Binance__RecvWindowMs = '70000'", output, StringComparison.Ordinal);
        Assert.Contains("Binance__ApiKey and Binance__ApiSecret are required in Live mode", output, StringComparison.Ordinal);
        Assert.Contains("Reconcile__Schedule = 'daily'", output, StringComparison.Ordinal);
        Assert.Contains("Reconcile__ToleranceQuote = '-1'", output, StringComparison.Ordinal);
        Assert.Contains("Alerts__WebhookUrl: must be an absolute http or https URL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ftp://example.com/hook", output, StringComparison.Ordinal);
        Assert.Contains("Alerts__Telegram__BotToken: not a Telegram bot token", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-token-but-secret-9f8e7d", output, StringComparison.Ordinal);
        Assert.DoesNotContain("simulator-api-key", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Health:", output, StringComparison.Ordinal);
    }
}
