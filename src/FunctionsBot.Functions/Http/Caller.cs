using FunctionsBot.Core.KillSwitch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FunctionsBot.Functions.Http;

/// <summary>
/// Who made a request, for the audit trail. The signed-in principal's name when App Service authentication is on
/// for the app (the platform then sets <c>WEBSITE_AUTH_ENABLED=True</c> and strips the principal headers from every
/// incoming request, so a caller cannot forge them); otherwise <c>function-key</c>: the host checked the key, and an
/// isolated worker with ASP.NET Core integration is not told the key's name. A name the caller declares in the
/// body is kept beside it as a claim, never as the identity.
/// </summary>
public sealed class Caller(IConfiguration configuration)
{
    /// <summary>Set by App Service authentication; a person's name when one signed in.</summary>
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    private const string FunctionKey = "function-key";

    private readonly bool _platformAuthentication = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "True", StringComparison.OrdinalIgnoreCase);

    public string Actor(HttpRequest request, string? declared = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_platformAuthentication && request.Headers[PrincipalHeader].FirstOrDefault() is { Length: > 0 and <= KillSwitchService.MaxActorLength } principal)
        {
            return principal;
        }

        var actor = declared is null ? FunctionKey : $"{FunctionKey} (declared {declared})";
        return actor.Length <= KillSwitchService.MaxActorLength ? actor : actor[..KillSwitchService.MaxActorLength];
    }
}
