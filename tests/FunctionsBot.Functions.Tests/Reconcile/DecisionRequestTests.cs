using System.Text;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Core.Alerts;
using FunctionsBot.Functions.Alerts;
using FunctionsBot.Functions.Reconcile;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions.Tests.Reconcile;

public sealed class DecisionRequestTests
{
    [Fact]
    public void Parse_ReasonAndActor_Read()
    {
        var (request, errors) = DecisionRequest.Parse(Encoding.UTF8.GetBytes("""{"reason": " sold by hand ", "actor": "alice"}"""));

        Assert.Empty(errors);
        Assert.Equal(new DecisionRequest("sold by hand", "alice"), request);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("""{"actor": "alice"}""", "'reason' is required")]
    [InlineData("""{"reason": "\ud800"}""", "not well-formed Unicode")]
    [InlineData("""{"reason": "ok", "approve": true}""", "Unknown field 'approve'")]
    [InlineData("""{"reason": "ok"} 1""", "more than one JSON value")]
    public void Parse_BadBody_ExplainsWhatIsWrong(string body, string expected)
    {
        var (request, errors) = DecisionRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Null(request);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_InvalidUtf8_IsABadRequestNotACrash()
    {
        var (request, errors) = DecisionRequest.Parse([.. "{\"reason\": \""u8, 0xC3, 0x28, .. "\"}"u8]);

        Assert.Null(request);
        Assert.NotEmpty(errors);
    }

    [Theory]
    [InlineData("", "", false)]
    [InlineData("4242", "", true)]
    [InlineData("4242", "https://kv.vault.azure.net/", false)]
    public void TelegramTokenValidator_AChatWithNoTokenSource_FailsNamingTheSettings(string chatId, string vault, bool fails)
    {
        var validator = new TelegramTokenValidator(Options.Create(new KeyVaultOptions { Uri = vault }));

        var result = validator.Validate(null, new TelegramOptions { ChatId = chatId });

        Assert.Equal(fails, result.Failed);
        if (fails)
        {
            Assert.Contains("Alerts__Telegram__BotToken", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
