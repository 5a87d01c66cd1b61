using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Configuration;

/// <summary>Reports values that did not convert and the settings' own range checks, one message each.</summary>
internal sealed class SettingsValidator<T>(IConfiguration configuration) : IValidateOptions<T>
    where T : class, ISettings, new()
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var conversion = SettingsBinder.Bind(configuration.GetSection(T.SectionName), new T());
        var problems = conversion.Concat(options.Validate()).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
