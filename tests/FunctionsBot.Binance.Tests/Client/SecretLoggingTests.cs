using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Orders;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Testing;

namespace FunctionsBot.Binance.Tests.Client;

/// <summary>A run full of errors, logs captured at Trace: no key, secret, signature or signed query string anywhere.</summary>
public sealed class SecretLoggingTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task ClientRunWithErrors_LogsAndExceptionsHoldNoSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        using var good = ClientHarness.Create(fixture.Simulator);
        using var badSecret = ClientHarness.Create(fixture.Simulator, apiSecret: "bad-secret-value-123");
        var messages = new List<string>();

        async Task Capture(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (BinanceApiException ex)
            {
                messages.Add(ex.ToString());
            }
        }

        await Capture(() => badSecret.Client.GetAccountAsync(ct));
        await fixture.Simulator.ArmAsync("ServerErrorAfterPlace");
        await Capture(() => good.Client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market, "log" + Guid.NewGuid().ToString("N")[..10], Quantity: 0.001m), ct));
        await fixture.Simulator.ArmAsync("InvalidTimestamp");
        await Capture(() => good.Client.GetAccountAsync(ct));
        await Capture(() => good.Client.QueryOrderAsync("BTCUSDT", "missing-order", ct));
        await fixture.Simulator.ArmAsync("RateLimit", retryAfterSeconds: 1);
        await Capture(() => good.Client.GetOpenOrdersAsync("BTCUSDT", ct));

        messages.AddRange(good.Logs.GetSnapshot().Select(r => $"{r.Message} {r.Exception}"));
        messages.AddRange(badSecret.Logs.GetSnapshot().Select(r => $"{r.Message} {r.Exception}"));

        Assert.True(messages.Count >= 8, $"only {messages.Count} messages captured");
        Assert.Contains(messages, m => m.Contains("-1022", StringComparison.Ordinal));
        foreach (var message in messages)
        {
            Assert.DoesNotContain(SimulatorProcess.ApiKey, message, StringComparison.Ordinal);
            Assert.DoesNotContain(SimulatorProcess.ApiSecret, message, StringComparison.Ordinal);
            Assert.DoesNotContain("bad-secret-value-123", message, StringComparison.Ordinal);
            Assert.DoesNotContain("signature=", message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("timestamp=", message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
