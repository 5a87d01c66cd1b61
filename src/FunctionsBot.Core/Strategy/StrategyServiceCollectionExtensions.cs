using FunctionsBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Strategy;

public static class StrategyServiceCollectionExtensions
{
    /// <summary>Registers a strategy and its options section, validated at start-up like every setting.</summary>
    public static IServiceCollection AddStrategy<TStrategy, TOptions>(this IServiceCollection services)
        where TStrategy : class, IStrategy
        where TOptions : class, ISettings, new()
    {
        services.AddSettings<TOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStrategy, TStrategy>());
        return services;
    }
}

/// <summary>An unknown <c>Strategy__Name</c> fails start-up, listing the registered ones.</summary>
internal sealed class StrategyNameValidator(IEnumerable<IStrategy> strategies) : IValidateOptions<StrategyOptions>
{
    public ValidateOptionsResult Validate(string? name, StrategyOptions options)
    {
        var names = strategies.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        return names.Contains(options.Name, StringComparer.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(SettingName.Problem(StrategyOptions.SectionName, nameof(StrategyOptions.Name), options.Name, $"no such strategy; registered: {string.Join(", ", names)}."));
    }
}
