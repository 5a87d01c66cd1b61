using Microsoft.AspNetCore.Http;

namespace FunctionsBot.Functions.Http;

/// <summary>Who made a request, for the audit trail.</summary>
internal static class Caller
{
    /// <summary>Set by App Service authentication; a person's name when one signed in.</summary>
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>The signed-in principal, else <paramref name="declared"/> (a self-declared name), else <c>function-key</c>.</summary>
    public static string Actor(HttpRequest request, string? declared = null) =>
        request.Headers[PrincipalHeader].FirstOrDefault() is { Length: > 0 and <= FunctionsBot.Core.KillSwitch.KillSwitchService.MaxActorLength } principal
            ? principal
            : declared ?? "function-key";
}
