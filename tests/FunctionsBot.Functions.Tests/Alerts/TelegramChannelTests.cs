using FunctionsBot.Binance.Configuration;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Functions.Alerts;
using FunctionsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions.Tests.Alerts;

/// <summary>The Telegram channel against the fake Bot API and the fake Key Vault (real HTTPS, real <c>SecretClient</c>).</summary>
public sealed class TelegramChannelTests
{
    private const string SecretName = "telegram-bot-token";
    private const string RevokedToken = "123456789:AARevokedTokenThatTelegramNoLongerKnows";

    [Fact]
    public async Task TokenRevoked_Answered401_NextSendReadsTheVaultsNewestVersion_NotTheCache()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vault = await FakeKeyVaultProcess.StartAsync();
        await using var receivers = await FakeAlertReceiversProcess.StartAsync();
        var secrets = vault.CreateClient();
        await secrets.SetSecretAsync(SecretName, RevokedToken, ct);
        await using var services = new ServiceCollection().AddSingleton(secrets).BuildServiceProvider();
        var telegram = Options.Create(new TelegramOptions { ChatId = "4242", ApiBaseUrl = receivers.BaseAddress.ToString() });
        using var token = new TelegramToken(telegram, Options.Create(new KeyVaultOptions { Uri = vault.VaultUri.ToString(), CacheSeconds = 3600 }), services, TimeProvider.System);
        using var http = new HttpClient();
        var channel = new TelegramChannel(http, telegram, token);
        var message = new AlertMessage("kill-switch-latched", "kill-switch", "critical", "raised", "main", "latched", new Dictionary<string, string>(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var refused = await Assert.ThrowsAsync<AlertSendException>(() => channel.SendAsync(message, ct));
        await secrets.SetSecretAsync(SecretName, FakeAlertReceiversProcess.Token, ct); // BotFather's /revoke, stored as a new version
        await channel.SendAsync(message, ct);

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RevokedToken, refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await vault.ReadsAsync())[SecretName]); // read again after the 401, though cached for an hour
        Assert.Single(await receivers.ReceivedAsync(), r => r.Receiver == "telegram");
    }
}
