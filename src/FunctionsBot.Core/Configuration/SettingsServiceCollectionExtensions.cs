using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Configuration;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>Binds <typeparamref name="T"/> from its section and validates it when the host starts.</summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services)
        where T : class, ISettings, new()
    {
        services.AddOptions<T>()
            .Configure<IConfiguration>((options, configuration) => SettingsBinder.Bind(configuration.GetSection(T.SectionName), options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SettingsValidator<T>>());
        return services;
    }
}
