using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsBot.Core.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsBot.Functions;

public static class MetricsExport
{
    /// <summary>
    /// Exports the bot's meter to Application Insights with OpenTelemetry when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the infrastructure sets it). The resource has local
    /// authentication disabled, so with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> =
    /// <c>ClientId=…;Authorization=AAD</c> the exporter signs in as that user-assigned identity. Without the
    /// connection string (locally) nothing is exported and the meter still serves in-process listeners.
    /// </summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var clientId = AadClientId(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BotMetrics.MeterName)
            .AddAzureMonitorMetricExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;
                if (clientId is not null)
                {
                    exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            }));
        return services;
    }

    /// <summary>The client id of <c>ClientId=…;Authorization=AAD</c>, or null when AAD is not asked for.</summary>
    internal static string? AadClientId(string? authentication)
    {
        var parts = (authentication ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.GetValueOrDefault("Authorization") is { } mode && mode.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            ? parts.GetValueOrDefault("ClientId")
            : null;
    }
}
