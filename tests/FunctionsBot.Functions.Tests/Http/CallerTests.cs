using FunctionsBot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FunctionsBot.Functions.Tests.Http;

/// <summary>The audit's actor: the platform's principal only when App Service authentication strips forged headers.</summary>
public sealed class CallerTests
{
    [Theory]
    [InlineData(null, "function-key (declared alice)")]
    [InlineData("False", "function-key (declared alice)")]
    [InlineData("True", "ceo@example.com")]
    public void PrincipalHeader_TrustedOnlyWithPlatformAuthentication(string? authEnabled, string expected)
    {
        var caller = new Caller(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = authEnabled }).Build());
        var request = new DefaultHttpContext().Request;
        request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = "ceo@example.com";

        Assert.Equal(expected, caller.Actor(request, "alice"));
    }

    [Fact]
    public void NoPrincipalNoDeclaredName_TheKeyItself_LongClaimsCutToTheLimit()
    {
        var caller = new Caller(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = "True" }).Build());
        var request = new DefaultHttpContext().Request;

        Assert.Equal("function-key", caller.Actor(request));
        Assert.Equal(FunctionsBot.Core.KillSwitch.KillSwitchService.MaxActorLength, caller.Actor(request, new string('a', 200)).Length);
    }
}
