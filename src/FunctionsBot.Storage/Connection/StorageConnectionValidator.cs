using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Storage.Connection;

/// <summary>Start-up validation of <c>AzureWebJobsStorage</c>; the options type only carries the check.</summary>
internal sealed class StorageConnectionValidator(IConfiguration configuration) : IValidateOptions<StorageConnectionValidator.Check>
{
    public ValidateOptionsResult Validate(string? name, Check options)
    {
        StorageConnection.Read(configuration, out var problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal sealed class Check;
}
